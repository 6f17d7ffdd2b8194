package io.meterflow.connect.dlms.push.record;

import io.meterflow.connect.dlms.record.MeterRecords;
import io.meterflow.schema.Interval;
import io.meterflow.schema.MeterEvent;
import io.meterflow.schema.MeterValue;
import io.meterflow.schema.Reading;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what a push carried (built as schemas' types) into Connect records. Every record of one push shares the
 * source partition {@code {meterId, stream=push}} and the offset {@code {capturedAt}}: the meter time of the push,
 * so the newest stored push of a meter is an offset an operator can read and a restarted task can compare with.
 */
public final class PushRecords {

    public static final String OFFSET_CAPTURED_AT = "capturedAt";

    static final Schema EVENT = SchemaBuilder.struct().name("io.meterflow.MeterEvent").version(1)
            .field("meterId", Schema.STRING_SCHEMA)
            .field("at", Schema.INT64_SCHEMA)
            .field("receivedAt", Schema.INT64_SCHEMA)
            .field("obis", Schema.STRING_SCHEMA)
            .field("value", Schema.INT64_SCHEMA)
            .field("flags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .build();

    private final String readingsTopic;
    private final String intervalsTopic;
    private final String eventsTopic;
    private final String dlqTopic;

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
        return Collections.unmodifiableMap(map);
    }

    public SourceRecord reading(Reading reading, long capturedAt) {
        final Struct value = new Struct(MeterRecords.READING)
                .put("meterId", reading.meterId())
                .put("source", reading.source().name().toLowerCase(java.util.Locale.ROOT))
                .put("collectedAt", reading.collectedAt())
                .put("meterTime", reading.meterTime())
                .put("latencyMs", reading.latencyMs())
                .put("status", reading.status().name())
                .put("error", reading.error())
                .put("values", values(reading.values()));
        return record(readingsTopic, reading.meterId(), capturedAt, MeterRecords.READING, value,
                reading.collectedAt());
    }

    public SourceRecord interval(Interval interval, long capturedAt) {
        final Struct value = new Struct(MeterRecords.INTERVAL)
                .put("meterId", interval.meterId())
                .put("capturedAt", interval.capturedAt())
                .put("values", values(interval.values()))
                .put("statusFlags", interval.statusFlags());
        return record(intervalsTopic, interval.meterId(), capturedAt, MeterRecords.INTERVAL, value,
                interval.capturedAt());
    }

    public SourceRecord event(MeterEvent event, long capturedAt) {
        final Struct value = new Struct(EVENT)
                .put("meterId", event.meterId())
                .put("at", event.at())
                .put("receivedAt", event.receivedAt())
                .put("obis", event.obis())
                .put("value", event.value())
                .put("flags", event.flags());
        return record(eventsTopic, event.meterId(), capturedAt, EVENT, value, event.at());
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

    private static SourceRecord record(String topic, String meterId, long capturedAt, Schema schema, Struct value,
                                       long timestamp) {
        return new SourceRecord(partition(meterId), Map.of(OFFSET_CAPTURED_AT, capturedAt), topic, null,
                Schema.STRING_SCHEMA, meterId, schema, value, timestamp);
    }

    private static List<Struct> values(List<MeterValue> values) {
        return values.stream().map(v -> new Struct(MeterRecords.VALUE).put("obis", v.obis()).put("value", v.value())
                .put("unit", v.unit())).toList();
    }
}
