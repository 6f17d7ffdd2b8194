package io.meterflow.connect.dlms.backfill;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far each meter's backfill requests are answered, per requests-topic partition: the offset after the last
 * request whose outcome was written. It travels as the source offset of the meter's backfill partition
 * {@code {meterId, stream=backfill}} (offset {@code {"<topic>-<partition>": next offset}}), so Connect commits it only
 * once the outcome and the rows before it were acknowledged, and any task that polls the meter later (after a
 * restart, a SIGKILL or a rebalance that moved the meter) skips what was answered and serves what was not.
 */
public final class RequestPositions {

    public static final String STREAM = "backfill";

    private final Map<String, Map<String, Long>> byMeter = new ConcurrentHashMap<>();

    /** The source partition of a meter's backfill rows and outcomes. */
    public static Map<String, String> partition(String meterId) {
        // Ordered: Connect finds stored offsets by the serialized partition (see MeterRecords).
        final Map<String, String> partition = new LinkedHashMap<>();
        partition.put("meterId", meterId);
        partition.put("stream", STREAM);
        return Collections.unmodifiableMap(partition);
    }

    /** The offset key of a requests-topic partition. */
    public static String key(String topic, int partition) {
        return topic + "-" + partition;
    }

    /** The positions stored in the committed offsets of the meters' backfill partitions (others are ignored). */
    public static RequestPositions fromCommitted(Map<? extends Map<String, ?>, Map<String, Object>> committed) {
        final RequestPositions positions = new RequestPositions();
        committed.forEach((partition, offset) -> {
            if (offset != null && STREAM.equals(partition.get("stream")) && partition.get("meterId") instanceof String id) {
                final Map<String, Long> meter = new HashMap<>();
                offset.forEach((key, value) -> {
                    if (value instanceof Number next) {
                        meter.put(key, next.longValue());
                    }
                });
                positions.byMeter.put(id, meter);
            }
        });
        return positions;
    }

    /** Whether the request at {@code offset} of {@code position} was answered already for this meter. */
    public boolean answered(String meterId, String position, long offset) {
        final Map<String, Long> meter = byMeter.get(meterId);
        final Long next = meter == null ? null : meter.get(position);
        return next != null && offset < next;
    }

    /** The meter's positions as a source offset (empty before its first answer). */
    public Map<String, Object> offset(String meterId) {
        final Map<String, Long> meter = byMeter.get(meterId);
        return meter == null ? Map.of() : Map.copyOf(meter);
    }

    /** Records that the request at {@code offset} was answered; returns the meter's new source offset. */
    public Map<String, Object> answer(String meterId, String position, long offset) {
        final Map<String, Long> meter = byMeter.compute(meterId, (id, old) -> {
            final Map<String, Long> next = old == null ? new HashMap<>() : new HashMap<>(old);
            next.merge(position, offset + 1, Math::max);
            return next;
        });
        return Map.copyOf(meter);
    }
}
