package io.meterflow.connect.dlms.record;

import io.meterflow.schema.ReadingStatus;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.List;
import java.util.Map;

/**
 * Builds the connector's records. Values are Connect {@link Struct}s whose fields mirror
 * schemas/json/meter-readings and meter-intervals one to one; with the worker's JsonConverter and
 * {@code schemas.enable=false} they serialize to exactly those JSON documents (nulls included).
 *
 * <p>Source partitions: readings {@code {meterId, stream=readings}} with offset {@code {collectedAt}}; load-profile
 * rows {@code {meterId, profile=<obis>}} with offset {@code {capturedAt}}, from which a restarted task resumes.
 */
public final class MeterRecords {

    public static final String SOURCE_DLMS = "dlms";

    public static final Schema VALUE = SchemaBuilder.struct().name("io.meterflow.MeterValue")
            .field("obis", Schema.STRING_SCHEMA)
            .field("value", Schema.FLOAT64_SCHEMA)
            .field("unit", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    public static final Schema READING = SchemaBuilder.struct().name("io.meterflow.Reading").version(1)
            .field("meterId", Schema.STRING_SCHEMA)
            .field("source", Schema.STRING_SCHEMA)
            .field("collectedAt", Schema.INT64_SCHEMA)
            .field("meterTime", Schema.OPTIONAL_INT64_SCHEMA)
            .field("latencyMs", Schema.INT64_SCHEMA)
            .field("status", Schema.STRING_SCHEMA)
            .field("error", Schema.OPTIONAL_STRING_SCHEMA)
            .field("values", SchemaBuilder.array(VALUE).build())
            .build();

    public static final Schema INTERVAL = SchemaBuilder.struct().name("io.meterflow.Interval").version(1)
            .field("meterId", Schema.STRING_SCHEMA)
            .field("capturedAt", Schema.INT64_SCHEMA)
            .field("values", SchemaBuilder.array(VALUE).build())
            .field("statusFlags", Schema.OPTIONAL_INT32_SCHEMA)
            .build();

    public static final String OFFSET_COLLECTED_AT = "collectedAt";
    public static final String OFFSET_CAPTURED_AT = "capturedAt";

    private final String readingsTopic;
    private final String intervalsTopic;

    public MeterRecords(String readingsTopic, String intervalsTopic) {
        this.readingsTopic = readingsTopic;
        this.intervalsTopic = intervalsTopic;
    }

    public static Map<String, String> readingPartition(String meterId) {
        return orderedMap("meterId", meterId, "stream", "readings");
    }

    public static Map<String, String> profilePartition(String meterId, String profileObis) {
        return orderedMap("meterId", meterId, "profile", profileObis);
    }

    /**
     * Connect finds a stored offset by the serialized partition, so its keys must serialize in the same order in
     * every JVM; {@code Map.of} iterates in a per-JVM random order and would lose offsets across restarts.
     */
    private static Map<String, String> orderedMap(String k1, String v1, String k2, String v2) {
        final Map<String, String> map = new java.util.LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return java.util.Collections.unmodifiableMap(map);
    }

    public SourceRecord ok(String meterId, long collectedAt, long meterTime, long latencyMs, List<ScaledValue> values) {
        return reading(meterId, collectedAt, meterTime, latencyMs, ReadingStatus.OK, null, values);
    }

    public SourceRecord failed(String meterId, long collectedAt, long latencyMs, ReadingStatus status, String error) {
        return reading(meterId, collectedAt, null, latencyMs, status, error, List.of());
    }

    public SourceRecord interval(String meterId, String profileObis, long capturedAt, List<ScaledValue> values,
                                 Integer statusFlags) {
        final Struct value = new Struct(INTERVAL)
                .put("meterId", meterId)
                .put("capturedAt", capturedAt)
                .put("values", structs(values))
                .put("statusFlags", statusFlags);
        return new SourceRecord(profilePartition(meterId, profileObis), Map.of(OFFSET_CAPTURED_AT, capturedAt),
                intervalsTopic, null, Schema.STRING_SCHEMA, meterId, INTERVAL, value, capturedAt);
    }

    private SourceRecord reading(String meterId, long collectedAt, Long meterTime, long latencyMs,
                                 ReadingStatus status, String error, List<ScaledValue> values) {
        final Struct value = new Struct(READING)
                .put("meterId", meterId)
                .put("source", SOURCE_DLMS)
                .put("collectedAt", collectedAt)
                .put("meterTime", meterTime)
                .put("latencyMs", Math.max(0, latencyMs))
                .put("status", status.name())
                .put("error", error)
                .put("values", structs(values));
        return new SourceRecord(readingPartition(meterId), Map.of(OFFSET_COLLECTED_AT, collectedAt), readingsTopic,
                null, Schema.STRING_SCHEMA, meterId, READING, value, collectedAt);
    }

    private static List<Struct> structs(List<ScaledValue> values) {
        return values.stream().map(v -> new Struct(VALUE).put("obis", v.obis()).put("value", v.value())
                .put("unit", v.unit())).toList();
    }
}
