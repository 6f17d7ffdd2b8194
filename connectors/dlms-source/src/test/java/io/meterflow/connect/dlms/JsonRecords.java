package io.meterflow.connect.dlms;

import io.meterflow.schema.topic.Topic;
import io.meterflow.schema.validation.SchemaValidator;
import io.meterflow.schema.validation.Violation;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** What a worker with the documented converter (JsonConverter, schemas.enable=false) writes for a record. */
public final class JsonRecords {

    private static final SchemaValidator VALIDATOR = new SchemaValidator();
    private static final JsonConverter CONVERTER = new JsonConverter();

    static {
        CONVERTER.configure(Map.of("schemas.enable", "false", "converter.type", "value"));
    }

    private JsonRecords() {
    }

    public static String json(SourceRecord record) {
        return new String(CONVERTER.fromConnectData(record.topic(), record.valueSchema(), record.value()),
                StandardCharsets.UTF_8);
    }

    public static List<Violation> violations(Topic<?> topic, SourceRecord record) {
        return VALIDATOR.validate(topic, json(record));
    }
}
