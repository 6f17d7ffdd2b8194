package io.meterflow.streams.errorstats;

import io.meterflow.streams.storage.CompactSerde;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.meterflow.streams.errorstats.OpenWindowCodec.readStatusCounts;
import static io.meterflow.streams.errorstats.OpenWindowCodec.writeStatusCounts;

/** The stored form of {@link FleetState}. Changing its fields needs a new format version in {@link CompactSerde}. */
public final class FleetStateCodec implements CompactSerde.Codec<FleetState> {

    public static CompactSerde<FleetState> serde() {
        return new CompactSerde<>(FleetState.class, new FleetStateCodec());
    }

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
}
