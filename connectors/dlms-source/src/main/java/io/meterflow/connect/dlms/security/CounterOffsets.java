package io.meterflow.connect.dlms.security;

import org.apache.kafka.connect.source.SourceRecord;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The invocation counter persisted with the source offset of each reading of an HLS meter ({@code {collectedAt,
 * invocationCounter}} on the partition {@code {meterId, stream=readings}}): Connect commits it with the reading, in
 * Kafka, so the next task of the connector (after a restart, a rebalance, a move to another worker) starts above
 * it, also for meters whose counter object cannot be read.
 */
public final class CounterOffsets {

    public static final String OFFSET_INVOCATION_COUNTER = "invocationCounter";

    private CounterOffsets() {
    }

    /** The reading with the highest counter used so far added to its source offset. */
    public static SourceRecord withCounter(SourceRecord reading, long highestUsed) {
        final Map<String, Object> offset = new HashMap<>(reading.sourceOffset());
        offset.put(OFFSET_INVOCATION_COUNTER, highestUsed);
        return new SourceRecord(reading.sourcePartition(), offset, reading.topic(), reading.kafkaPartition(),
                reading.keySchema(), reading.key(), reading.valueSchema(), reading.value(), reading.timestamp(),
                reading.headers());
    }

    /** The counter in a committed reading offset, if it holds one. */
    public static OptionalLong persisted(Map<String, Object> offset) {
        return offset != null && offset.get(OFFSET_INVOCATION_COUNTER) instanceof Number n
                ? OptionalLong.of(n.longValue()) : OptionalLong.empty();
    }
}
