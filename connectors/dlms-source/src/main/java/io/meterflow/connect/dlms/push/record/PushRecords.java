package io.meterflow.connect.dlms.push.record;

import io.meterflow.schema.Interval;
import io.meterflow.schema.MeterEvent;
import io.meterflow.schema.Reading;
import io.meterflow.schema.topic.MeterFlowTopics;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns what a push carried (schemas' types) into Connect records whose values are the JSON bytes of the topic's
 * serde (the connector needs {@code value.converter=ByteArrayConverter}, as the polling one does). Every record of
 * one push shares the source partition {@code {meterId, stream=push}} and the offset {@code {capturedAt}}: the meter time of the push,
 * so the newest stored push of a meter is an offset an operator can read and a restarted task can compare with.
 */
public final class PushRecords {

    public static final String OFFSET_CAPTURED_AT = "capturedAt";

    private static final Serializer<Reading> READINGS = MeterFlowTopics.READINGS.valueSerde().serializer();
    private static final Serializer<Interval> INTERVALS = MeterFlowTopics.INTERVALS.valueSerde().serializer();
    private static final Serializer<MeterEvent> EVENTS = MeterFlowTopics.EVENTS.valueSerde().serializer();

    private final String readingsTopic;
    private final String intervalsTopic;
    private final String eventsTopic;
    private final String dlqTopic;
    /** One partition object per meter (see {@link MeterPartition}); bounded by the meters the task accepts. */
    private final Map<String, Map<String, String>> partitions = new ConcurrentHashMap<>();

    public PushRecords(String readingsTopic, String intervalsTopic, String eventsTopic, String dlqTopic) {
        this.readingsTopic = readingsTopic;
        this.intervalsTopic = intervalsTopic;
        this.eventsTopic = eventsTopic;
        this.dlqTopic = dlqTopic;
    }

    /**
     * Connect finds a stored offset by the serialized partition. A HashMap of String keys iterates in the same order
     * in every JVM, and it is the order Connect's REST API re-serializes a partition in (it reads partitions back into
     * HashMaps), so {@code GET /connectors/<name>/offsets} shows these offsets instead of null.
     */
    public static Map<String, String> partition(String meterId) {
        final Map<String, String> map = new HashMap<>();
        map.put("meterId", meterId);
        map.put("stream", "push");
        return new MeterPartition(map);
    }

    public SourceRecord reading(Reading reading, long capturedAt) {
        return record(readingsTopic, reading.meterId(), capturedAt,
                READINGS.serialize(readingsTopic, reading), reading.collectedAt());
    }

    public SourceRecord interval(Interval interval, long capturedAt) {
        return record(intervalsTopic, interval.meterId(), capturedAt,
                INTERVALS.serialize(intervalsTopic, interval), interval.capturedAt());
    }

    public SourceRecord event(MeterEvent event, long capturedAt) {
        return record(eventsTopic, event.meterId(), capturedAt, EVENTS.serialize(eventsTopic, event), event.at());
    }

    /**
     * A dead-letter record: the bytes received, headers naming what happened. Its partition is the task, its offset
     * the arrival time: dead letters are never replayed, the offset only satisfies Connect.
     */
    public SourceRecord deadLetter(String taskName, String meterId, byte[] bytes, long receivedAt,
                                   Map<String, String> headers) {
        final ConnectHeaders connectHeaders = new ConnectHeaders();
        headers.forEach(connectHeaders::addString);
        final Map<String, String> partition = new HashMap<>();
        partition.put("task", taskName);
        partition.put("stream", "push-dlq");
        return new SourceRecord(Collections.unmodifiableMap(partition), Map.of("receivedAt", receivedAt), dlqTopic,
                null, Schema.OPTIONAL_STRING_SCHEMA, meterId, Schema.BYTES_SCHEMA, bytes, receivedAt, connectHeaders);
    }

    private SourceRecord record(String topic, String meterId, long capturedAt, byte[] json, long timestamp) {
        return new SourceRecord(partitions.computeIfAbsent(meterId, PushRecords::partition), Map.of(OFFSET_CAPTURED_AT, capturedAt), topic, null,
                Schema.STRING_SCHEMA, meterId, Schema.BYTES_SCHEMA, json, timestamp);
    }
}
