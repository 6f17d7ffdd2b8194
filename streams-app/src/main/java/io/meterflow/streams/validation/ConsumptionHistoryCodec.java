package io.meterflow.streams.validation;

import io.meterflow.streams.storage.CompactSerde;
import org.apache.kafka.common.serialization.Serde;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** A {@link ConsumptionHistory}'s fields in stored state, in a fixed order. */
public final class ConsumptionHistoryCodec implements CompactSerde.Codec<ConsumptionHistory> {

    private ConsumptionHistoryCodec() {
    }

    public static Serde<ConsumptionHistory> serde() {
        return new CompactSerde<>(ConsumptionHistory.class, new ConsumptionHistoryCodec());
    }

    @Override
    public void write(DataOutputStream out, ConsumptionHistory history) throws IOException {
        out.writeInt(history.rows.size());
        for (Map.Entry<Long, ConsumptionHistory.Mark> row : history.rows.entrySet()) {
            out.writeLong(row.getKey());
            out.writeDouble(row.getValue().value());
            out.writeInt(row.getValue().rules());
        }
    }

    @Override
    public ConsumptionHistory read(DataInputStream in) throws IOException {
        final TreeMap<Long, ConsumptionHistory.Mark> rows = new TreeMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            rows.put(in.readLong(), new ConsumptionHistory.Mark(in.readDouble(), in.readInt()));
        }
        return new ConsumptionHistory(rows);
    }
}
