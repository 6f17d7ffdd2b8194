package io.meterflow.streams.errorstats;

import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.ReadingStatus;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

import static io.meterflow.streams.storage.CompactFields.readNullableEnum;
import static io.meterflow.streams.storage.CompactFields.readNullableLong;
import static io.meterflow.streams.storage.CompactFields.writeNullableEnum;
import static io.meterflow.streams.storage.CompactFields.writeNullableLong;

/** An {@link OpenWindow}'s fields in stored state, in a fixed order, and the counts by status it shares with the fleet's. */
public final class OpenWindowCodec {

    private OpenWindowCodec() {
    }

    public static void write(DataOutputStream out, OpenWindow window) throws IOException {
        out.writeLong(window.sizeMs());
        out.writeLong(window.start());
        final WindowCounts c = window.counts();
        out.writeLong(c.total());
        out.writeLong(c.failed());
        writeStatusCounts(out, c.byStatus());
        writeNullableEnum(out, c.source());
        writeNullableLong(out, c.firstAt());
    }

    public static OpenWindow read(DataInputStream in) throws IOException {
        final long sizeMs = in.readLong();
        final long start = in.readLong();
        return new OpenWindow(sizeMs, start, new WindowCounts(in.readLong(), in.readLong(), readStatusCounts(in),
                readNullableEnum(in, ReadingSource.class), readNullableLong(in)));
    }

    static void writeStatusCounts(DataOutputStream out, Map<ReadingStatus, Long> counts) throws IOException {
        out.writeInt(counts.size());
        for (Map.Entry<ReadingStatus, Long> e : counts.entrySet()) {
            out.writeUTF(e.getKey().name());
            out.writeLong(e.getValue());
        }
    }

    static Map<ReadingStatus, Long> readStatusCounts(DataInputStream in) throws IOException {
        final int count = in.readInt();
        final Map<ReadingStatus, Long> counts = new EnumMap<>(ReadingStatus.class);
        for (int i = 0; i < count; i++) {
            counts.put(ReadingStatus.valueOf(in.readUTF()), in.readLong());
        }
        return counts;
    }
}
