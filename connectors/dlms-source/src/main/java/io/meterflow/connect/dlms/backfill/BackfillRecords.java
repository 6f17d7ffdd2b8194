package io.meterflow.connect.dlms.backfill;

import io.meterflow.schema.BackfillOutcome;
import io.meterflow.schema.Interval;
import io.meterflow.schema.topic.MeterFlowTopics;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.Map;

/**
 * The records of a re-read, both in the meter's backfill source partition so Connect commits a request's position
 * (carried by its outcome) only after the rows before it were acknowledged. The rows repeat the position the meter
 * had before, so they never move it; they are not in the profile partition, so they never move the regular read's
 * offset back either. Values are schemas' {@link Interval} and {@link BackfillOutcome} JSON.
 */
final class BackfillRecords {

    private static final Serializer<Interval> INTERVALS = MeterFlowTopics.INTERVALS.valueSerde().serializer();
    private static final Serializer<BackfillOutcome> OUTCOMES =
            MeterFlowTopics.BACKFILL_OUTCOMES.valueSerde().serializer();

    private final String intervalsTopic;
    private final String outcomesTopic;

    BackfillRecords(String intervalsTopic, String outcomesTopic) {
        this.intervalsTopic = intervalsTopic;
        this.outcomesTopic = outcomesTopic;
    }

    SourceRecord row(Interval interval, Map<String, Object> position) {
        return new SourceRecord(RequestPositions.partition(interval.meterId()), position, intervalsTopic, null,
                Schema.STRING_SCHEMA, interval.meterId(), Schema.BYTES_SCHEMA,
                INTERVALS.serialize(intervalsTopic, interval), interval.capturedAt());
    }

    SourceRecord outcome(BackfillOutcome outcome, Map<String, Object> position) {
        return new SourceRecord(RequestPositions.partition(outcome.meterId()), position, outcomesTopic, null,
                Schema.STRING_SCHEMA, outcome.meterId(), Schema.BYTES_SCHEMA,
                OUTCOMES.serialize(outcomesTopic, outcome), outcome.at());
    }
}
