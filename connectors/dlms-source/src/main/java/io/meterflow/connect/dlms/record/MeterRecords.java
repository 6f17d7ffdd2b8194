package io.meterflow.connect.dlms.record;

import io.meterflow.schema.ClockSync;
import io.meterflow.schema.Interval;
import io.meterflow.schema.ReadingStatus;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.List;
import java.util.Map;

/**
 * Builds the connector's records. Values are Connect {@link Struct}s whose fields mirror
 * schemas/json/meter-readings, meter-intervals and meter-clock-sync one to one (intervals and clock-sync audits are
 * built from schemas' {@link Interval} and {@link ClockSync}); with the worker's JsonConverter and
 * {@code schemas.enable=false} they serialize to exactly those JSON documents (nulls included).
 *
 * <p>Source partitions: readings {@code {meterId, stream=readings}} with offset {@code {collectedAt}}; load-profile
 * rows {@code {meterId, profile=<obis>}} with offset {@code {capturedAt}}, from which a restarted task resumes;
 * clock-sync attempts {@code {meterId, stream=clock-sync}} with offset {@code {at}}, which keeps the minimum
 * interval between attempts across restarts.
 */
public final class MeterRecords {

    public static final String SOURCE_DLMS = "dlms";

    static final Schema VALUE = SchemaBuilder.struct().name("io.meterflow.MeterValue")
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

    /** meter-intervals 1.1.0. */
    public static final Schema INTERVAL = SchemaBuilder.struct().name("io.meterflow.Interval").version(2)
            .field("meterId", Schema.STRING_SCHEMA)
            .field("capturedAt", Schema.INT64_SCHEMA)
            .field("values", SchemaBuilder.array(VALUE).build())
            .field("statusFlags", Schema.OPTIONAL_INT32_SCHEMA)
            .field("flags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("clockOffsetMs", Schema.INT64_SCHEMA)
            .field("provenance", Schema.STRING_SCHEMA)
            .build();

    /** meter-clock-sync 1.0.0. */
    public static final Schema CLOCK_SYNC = SchemaBuilder.struct().name("io.meterflow.ClockSync").version(1)
            .field("meterId", Schema.STRING_SCHEMA)
            .field("at", Schema.INT64_SCHEMA)
            .field("driftBeforeMs", Schema.INT64_SCHEMA)
            .field("method", Schema.STRING_SCHEMA)
            .field("result", Schema.STRING_SCHEMA)
            .field("error", Schema.OPTIONAL_STRING_SCHEMA)
            .field("driftAfterMs", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    public static final String OFFSET_COLLECTED_AT = "collectedAt";
    public static final String OFFSET_CAPTURED_AT = "capturedAt";
    public static final String OFFSET_SYNC_AT = "at";

    private final String readingsTopic;
    private final String intervalsTopic;
    private final String clockSyncTopic;

    public MeterRecords(String readingsTopic, String intervalsTopic, String clockSyncTopic) {
        this.readingsTopic = readingsTopic;
        this.intervalsTopic = intervalsTopic;
        this.clockSyncTopic = clockSyncTopic;
    }

    public static Map<String, String> readingPartition(String meterId) {
        return orderedMap("meterId", meterId, "stream", "readings");
    }

    public static Map<String, String> profilePartition(String meterId, String profileObis) {
        return orderedMap("meterId", meterId, "profile", profileObis);
    }

    /** The clock-sync audit of a meter; its offset, the last attempt's time, survives task restarts. */
    public static Map<String, String> clockSyncPartition(String meterId) {
        return orderedMap("meterId", meterId, "stream", "clock-sync");
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

    public SourceRecord interval(String profileObis, Interval interval) {
        final Struct value = new Struct(INTERVAL)
                .put("meterId", interval.meterId())
                .put("capturedAt", interval.capturedAt())
                .put("values", interval.values().stream().map(v -> new Struct(VALUE).put("obis", v.obis())
                        .put("value", v.value()).put("unit", v.unit())).toList())
                .put("statusFlags", interval.statusFlags())
                .put("flags", interval.flags().stream().map(Enum::name).toList())
                .put("clockOffsetMs", interval.clockOffsetMs())
                .put("provenance", interval.provenance().name());
        return new SourceRecord(profilePartition(interval.meterId(), profileObis),
                Map.of(OFFSET_CAPTURED_AT, interval.capturedAt()), intervalsTopic, null, Schema.STRING_SCHEMA,
                interval.meterId(), INTERVAL, value, interval.capturedAt());
    }

    public SourceRecord clockSync(ClockSync sync) {
        final Struct value = new Struct(CLOCK_SYNC)
                .put("meterId", sync.meterId())
                .put("at", sync.at())
                .put("driftBeforeMs", sync.driftBeforeMs())
                .put("method", sync.method().name())
                .put("result", sync.result().name())
                .put("error", sync.error())
                .put("driftAfterMs", sync.driftAfterMs());
        return new SourceRecord(clockSyncPartition(sync.meterId()), Map.of(OFFSET_SYNC_AT, sync.at()), clockSyncTopic,
                null, Schema.STRING_SCHEMA, sync.meterId(), CLOCK_SYNC, value, sync.at());
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
