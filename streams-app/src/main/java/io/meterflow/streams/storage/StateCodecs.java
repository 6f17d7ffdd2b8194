package io.meterflow.streams.storage;

import io.meterflow.schema.AlertState;
import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.ReadingStatus;
import io.meterflow.schema.Severity;
import io.meterflow.streams.alerts.AlertStatus;
import io.meterflow.streams.alerts.AlertStatusCodec;
import io.meterflow.streams.drift.DriftSample;
import io.meterflow.streams.errors.FleetCounts;
import io.meterflow.streams.errors.FleetState;
import io.meterflow.streams.errors.OpenWindow;
import io.meterflow.streams.errors.WindowCounts;
import io.meterflow.streams.meter.MeterState;
import io.meterflow.streams.rates.RegisterPoint;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@link CompactSerde}s of the state types. Enums are written by name, so reordering an enum does not corrupt
 * stored state. Changing a record's fields needs a new format version in {@link CompactSerde}.
 */
public final class StateCodecs {

    private StateCodecs() {
    }

    public static CompactSerde<MeterState> meterState() {
        return new CompactSerde<>(MeterState.class, new CompactSerde.Codec<>() {
            @Override
            public void write(DataOutputStream out, MeterState s) throws IOException {
                out.writeLong(s.lastCollectedAt());
                out.writeLong(s.lastArrivedWallMs());
                writeNullableEnum(out, s.source());
                out.writeInt(s.seen().size());
                for (long t : s.seen()) {
                    out.writeLong(t);
                }
                out.writeInt(s.registers().size());
                for (Map.Entry<String, RegisterPoint> e : s.registers().entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeLong(e.getValue().time());
                    out.writeDouble(e.getValue().value());
                    writeNullableString(out, e.getValue().unit());
                }
                out.writeInt(s.drift().size());
                for (DriftSample d : s.drift()) {
                    out.writeLong(d.at());
                    out.writeLong(d.driftMs());
                }
                out.writeInt(s.windows().size());
                for (OpenWindow w : s.windows()) {
                    out.writeLong(w.sizeMs());
                    out.writeLong(w.start());
                    writeWindowCounts(out, w.counts());
                }
                out.writeInt(s.firstWindows().size());
                for (Map.Entry<Long, Long> e : s.firstWindows().entrySet()) {
                    out.writeLong(e.getKey());
                    out.writeLong(e.getValue());
                }
            }

            @Override
            public MeterState read(DataInputStream in) throws IOException {
                final long lastCollectedAt = in.readLong();
                final long lastArrivedWallMs = in.readLong();
                final ReadingSource source = readNullableEnum(in, ReadingSource.class);
                final int seenCount = in.readInt();
                final List<Long> seen = new ArrayList<>(seenCount);
                for (int i = 0; i < seenCount; i++) {
                    seen.add(in.readLong());
                }
                final int registerCount = in.readInt();
                final Map<String, RegisterPoint> registers = new HashMap<>();
                for (int i = 0; i < registerCount; i++) {
                    registers.put(in.readUTF(), new RegisterPoint(in.readLong(), in.readDouble(), readNullableString(in)));
                }
                final int driftCount = in.readInt();
                final List<DriftSample> drift = new ArrayList<>(driftCount);
                for (int i = 0; i < driftCount; i++) {
                    drift.add(new DriftSample(in.readLong(), in.readLong()));
                }
                // The windows came after the first binary meter states were written (they lived in window stores).
                final int windowCount = in.available() > 0 ? in.readInt() : 0;
                final List<OpenWindow> windows = new ArrayList<>(windowCount);
                for (int i = 0; i < windowCount; i++) {
                    windows.add(new OpenWindow(in.readLong(), in.readLong(), readWindowCounts(in)));
                }
                final int firstCount = in.available() > 0 ? in.readInt() : 0;
                final Map<Long, Long> firstWindows = new HashMap<>();
                for (int i = 0; i < firstCount; i++) {
                    firstWindows.put(in.readLong(), in.readLong());
                }
                return new MeterState(lastCollectedAt, lastArrivedWallMs, source, seen, registers, drift, windows,
                        firstWindows);
            }
        });
    }

    public static CompactSerde<AlertStatus> alertStatus() {
        return new CompactSerde<>(AlertStatus.class, new AlertStatusCodec());
    }

    public static CompactSerde<FleetState> fleetState() {
        return new CompactSerde<>(FleetState.class, new CompactSerde.Codec<>() {
            @Override
            public void write(DataOutputStream out, FleetState s) throws IOException {
                out.writeInt(s.watermarks().size());
                for (Map.Entry<Integer, Long> e : s.watermarks().entrySet()) {
                    out.writeInt(e.getKey());
                    out.writeLong(e.getValue());
                }
                out.writeInt(s.idle().size());
                for (int p : s.idle()) {
                    out.writeInt(p);
                }
                out.writeInt(s.open().size());
                for (Map.Entry<Long, FleetCounts> e : s.open().entrySet()) {
                    final FleetCounts c = e.getValue();
                    out.writeLong(e.getKey());
                    out.writeLong(c.total());
                    out.writeLong(c.failed());
                    writeStatusCounts(out, c.byStatus());
                    out.writeLong(c.expected());
                    out.writeLong(c.receivedOfExpected());
                }
                out.writeLong(s.closedBefore());
            }

            @Override
            public FleetState read(DataInputStream in) throws IOException {
                final int watermarkCount = in.readInt();
                final Map<Integer, Long> watermarks = new HashMap<>();
                for (int i = 0; i < watermarkCount; i++) {
                    watermarks.put(in.readInt(), in.readLong());
                }
                final int idleCount = in.readInt();
                final Set<Integer> idle = new HashSet<>();
                for (int i = 0; i < idleCount; i++) {
                    idle.add(in.readInt());
                }
                final int openCount = in.readInt();
                final TreeMap<Long, FleetCounts> open = new TreeMap<>();
                for (int i = 0; i < openCount; i++) {
                    open.put(in.readLong(), new FleetCounts(in.readLong(), in.readLong(), readStatusCounts(in),
                            in.readLong(), in.readLong()));
                }
                return new FleetState(watermarks, idle, open, in.readLong());
            }
        });
    }

    private static void writeWindowCounts(DataOutputStream out, WindowCounts c) throws IOException {
        out.writeLong(c.total());
        out.writeLong(c.failed());
        writeStatusCounts(out, c.byStatus());
        writeNullableEnum(out, c.source());
        writeNullableLong(out, c.firstAt());
    }

    private static WindowCounts readWindowCounts(DataInputStream in) throws IOException {
        return new WindowCounts(in.readLong(), in.readLong(), readStatusCounts(in),
                readNullableEnum(in, ReadingSource.class), readNullableLong(in));
    }

    private static void writeStatusCounts(DataOutputStream out, Map<ReadingStatus, Long> counts) throws IOException {
        out.writeInt(counts.size());
        for (Map.Entry<ReadingStatus, Long> e : counts.entrySet()) {
            out.writeUTF(e.getKey().name());
            out.writeLong(e.getValue());
        }
    }

    private static Map<ReadingStatus, Long> readStatusCounts(DataInputStream in) throws IOException {
        final int count = in.readInt();
        final Map<ReadingStatus, Long> counts = new EnumMap<>(ReadingStatus.class);
        for (int i = 0; i < count; i++) {
            counts.put(ReadingStatus.valueOf(in.readUTF()), in.readLong());
        }
        return counts;
    }

    private static void writeNullableLong(DataOutputStream out, Long value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value);
        }
    }

    private static Long readNullableLong(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    private static void writeNullableString(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullableString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeNullableEnum(DataOutputStream out, Enum<?> value) throws IOException {
        writeNullableString(out, value == null ? null : value.name());
    }

    private static <E extends Enum<E>> E readNullableEnum(DataInputStream in, Class<E> type) throws IOException {
        final String name = readNullableString(in);
        return name == null ? null : Enum.valueOf(type, name);
    }
}
