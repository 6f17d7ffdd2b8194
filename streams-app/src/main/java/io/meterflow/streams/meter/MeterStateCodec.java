package io.meterflow.streams.meter;

import io.meterflow.schema.ReadingSource;
import io.meterflow.streams.drift.DriftSample;
import io.meterflow.streams.drift.DriftSampleCodec;
import io.meterflow.streams.errorstats.OpenWindow;
import io.meterflow.streams.errorstats.OpenWindowCodec;
import io.meterflow.streams.rates.RegisterPoint;
import io.meterflow.streams.rates.RegisterPointCodec;
import io.meterflow.streams.storage.CompactSerde;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.meterflow.streams.storage.CompactFields.readNullableEnum;
import static io.meterflow.streams.storage.CompactFields.writeNullableEnum;

/**
 * The stored form of {@link MeterState}; its parts are written by the codecs next to their types. Changing the fields
 * needs a new format version in {@link CompactSerde}.
 */
public final class MeterStateCodec implements CompactSerde.Codec<MeterState> {

    public static CompactSerde<MeterState> serde() {
        return new CompactSerde<>(MeterState.class, new MeterStateCodec());
    }

    @Override
    public void write(DataOutputStream out, MeterState s) throws IOException {
        out.writeLong(s.lastCollectedAt());
        out.writeLong(s.lastAnsweredWallMs());
        writeNullableEnum(out, s.source());
        out.writeInt(s.seen().size());
        for (long t : s.seen()) {
            out.writeLong(t);
        }
        out.writeInt(s.registers().size());
        for (Map.Entry<String, RegisterPoint> e : s.registers().entrySet()) {
            out.writeUTF(e.getKey());
            RegisterPointCodec.write(out, e.getValue());
        }
        out.writeInt(s.drift().size());
        for (DriftSample d : s.drift()) {
            DriftSampleCodec.write(out, d);
        }
        out.writeInt(s.windows().size());
        for (OpenWindow w : s.windows()) {
            OpenWindowCodec.write(out, w);
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
        final long lastAnsweredWallMs = in.readLong();
        final ReadingSource source = readNullableEnum(in, ReadingSource.class);
        final int seenCount = in.readInt();
        final List<Long> seen = new ArrayList<>(seenCount);
        for (int i = 0; i < seenCount; i++) {
            seen.add(in.readLong());
        }
        final int registerCount = in.readInt();
        final Map<String, RegisterPoint> registers = new HashMap<>();
        for (int i = 0; i < registerCount; i++) {
            registers.put(in.readUTF(), RegisterPointCodec.read(in));
        }
        final int driftCount = in.readInt();
        final List<DriftSample> drift = new ArrayList<>(driftCount);
        for (int i = 0; i < driftCount; i++) {
            drift.add(DriftSampleCodec.read(in));
        }
        // The windows came after the first binary meter states were written (they lived in window stores).
        final int windowCount = in.available() > 0 ? in.readInt() : 0;
        final List<OpenWindow> windows = new ArrayList<>(windowCount);
        for (int i = 0; i < windowCount; i++) {
            windows.add(OpenWindowCodec.read(in));
        }
        final int firstCount = in.available() > 0 ? in.readInt() : 0;
        final Map<Long, Long> firstWindows = new HashMap<>();
        for (int i = 0; i < firstCount; i++) {
            firstWindows.put(in.readLong(), in.readLong());
        }
        return new MeterState(lastCollectedAt, lastAnsweredWallMs, source, seen, registers, drift, windows,
                firstWindows);
    }
}
