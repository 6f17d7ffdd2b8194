package io.meterflow.connect.dlms.record;

import io.meterflow.schema.Interval;
import io.meterflow.schema.MeterValue;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.ReadingStatus;
import io.meterflow.schema.topic.MeterFlowTopics;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.List;
import java.util.Map;

/**
 * Builds the connector's records. Values are schemas' {@link Reading} and {@link Interval}, written by their topic
 * serde to the JSON bytes of schemas/json/meter-readings and meter-intervals; the connector therefore needs
 * {@code value.converter=org.apache.kafka.connect.converters.ByteArrayConverter}, as the MQTT source does.
 *
 * <p>Source partitions: readings {@code {meterId, stream=readings}} with offset {@code {collectedAt}}; load-profile
 * rows {@code {meterId, profile=<obis>}} with offset {@code {capturedAt}}, from which a restarted task resumes.
 */
public final class MeterRecords {

    private static final Serializer<Reading> READINGS = MeterFlowTopics.READINGS.valueSerde().serializer();
    private static final Serializer<Interval> INTERVALS = MeterFlowTopics.INTERVALS.valueSerde().serializer();

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

    public SourceRecord ok(String meterId, long collectedAt, long meterTime, long latencyMs, List<MeterValue> values) {
        return reading(new Reading(meterId, ReadingSource.DLMS, collectedAt, meterTime, Math.max(0, latencyMs),
                ReadingStatus.OK, null, values));
    }

    public SourceRecord failed(String meterId, long collectedAt, long latencyMs, ReadingStatus status, String error) {
        return reading(new Reading(meterId, ReadingSource.DLMS, collectedAt, null, Math.max(0, latencyMs), status,
                error, List.of()));
    }

    public SourceRecord interval(String meterId, String profileObis, long capturedAt, List<MeterValue> values,
                                 Integer statusFlags) {
        final Interval interval = new Interval(meterId, capturedAt, values, statusFlags);
        return new SourceRecord(profilePartition(meterId, profileObis), Map.of(OFFSET_CAPTURED_AT, capturedAt),
                intervalsTopic, null, Schema.STRING_SCHEMA, meterId, Schema.BYTES_SCHEMA,
                INTERVALS.serialize(intervalsTopic, interval), capturedAt);
    }

    private SourceRecord reading(Reading reading) {
        return new SourceRecord(readingPartition(reading.meterId()), Map.of(OFFSET_COLLECTED_AT, reading.collectedAt()),
                readingsTopic, null, Schema.STRING_SCHEMA, reading.meterId(), Schema.BYTES_SCHEMA,
                READINGS.serialize(readingsTopic, reading), reading.collectedAt());
    }
}
