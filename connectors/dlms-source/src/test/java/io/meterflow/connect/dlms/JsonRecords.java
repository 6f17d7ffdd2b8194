package io.meterflow.connect.dlms;

import io.meterflow.schema.BackfillOutcome;
import io.meterflow.schema.ClockSync;
import io.meterflow.schema.Interval;
import io.meterflow.schema.Reading;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.schema.topic.Topic;
import io.meterflow.schema.validation.SchemaValidator;
import io.meterflow.schema.validation.Violation;
import org.apache.kafka.connect.converters.ByteArrayConverter;
import org.apache.kafka.connect.source.SourceRecord;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** What a worker with the documented converter (ByteArrayConverter) writes for a record, and what it reads back as. */
public final class JsonRecords {

    private static final SchemaValidator VALIDATOR = new SchemaValidator();
    private static final ByteArrayConverter CONVERTER = new ByteArrayConverter();

    static {
        CONVERTER.configure(Map.of(), false);
    }

    private JsonRecords() {
    }

    public static String json(SourceRecord record) {
        return new String(bytes(record), StandardCharsets.UTF_8);
    }

    public static List<Violation> violations(Topic<?> topic, SourceRecord record) {
        return VALIDATOR.validate(topic, json(record));
    }

    static Reading reading(SourceRecord record) {
        return MeterFlowTopics.READINGS.valueSerde().deserializer().deserialize(record.topic(), bytes(record));
    }

    static Interval interval(SourceRecord record) {
        return MeterFlowTopics.INTERVALS.valueSerde().deserializer().deserialize(record.topic(), bytes(record));
    }

    static BackfillOutcome backfillOutcome(SourceRecord record) {
        return MeterFlowTopics.BACKFILL_OUTCOMES.valueSerde().deserializer().deserialize(record.topic(), bytes(record));
    }

    static ClockSync clockSync(SourceRecord record) {
        return MeterFlowTopics.CLOCK_SYNC.valueSerde().deserializer().deserialize(record.topic(), bytes(record));
    }

    private static byte[] bytes(SourceRecord record) {
        return CONVERTER.fromConnectData(record.topic(), record.valueSchema(), record.value());
    }
}
