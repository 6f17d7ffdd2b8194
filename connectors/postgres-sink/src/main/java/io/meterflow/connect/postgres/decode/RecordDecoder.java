package io.meterflow.connect.postgres.decode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterflow.connect.postgres.config.TopicKind;
import io.meterflow.connect.postgres.config.TopicRouting;
import io.meterflow.schema.serde.MeterFlowJson;
import io.meterflow.schema.validation.SchemaValidator;
import io.meterflow.schema.validation.Violation;
import org.apache.kafka.connect.sink.SinkRecord;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a sink record into the MeterFlow record of its topic. Values may arrive as JSON text
 * (StringConverter, recommended), bytes (ByteArrayConverter) or maps (JsonConverter without schemas);
 * each is checked against the topic's JSON Schema before it is read, so what reaches the database
 * follows the contract.
 */
public final class RecordDecoder {

    private final TopicRouting routing;
    private final SchemaValidator validator = new SchemaValidator();
    private final ObjectMapper mapper = MeterFlowJson.mapper();

    public RecordDecoder(TopicRouting routing) {
        this.routing = routing;
    }

    /** @throws InvalidRecordException naming the record's coordinates and what is wrong */
    public DecodedRecord decode(SinkRecord record) {
        final TopicKind kind = routing.kindOf(record.topic()).orElseThrow(() -> invalid(record,
                "no topic.* setting maps this topic to a kind of record"));
        final String json = jsonOf(record);
        try {
            mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid(record, "is not JSON: " + e.getOriginalMessage());
        }
        final List<Violation> violations = validator.validate(kind.topic(), json);
        if (!violations.isEmpty()) {
            throw invalid(record, "breaks the " + kind.topic().name() + " schema: "
                    + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        }
        try {
            return new DecodedRecord(record, kind, mapper.readValue(json, kind.topic().valueType()));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new InvalidRecordException(coordinates(record) + " cannot be read as "
                    + kind.topic().valueType().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private String jsonOf(SinkRecord record) {
        final Object value = record.value();
        if (value == null) {
            throw invalid(record, "has no value (tombstone)");
        }
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            try {
                return mapper.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new InvalidRecordException(coordinates(record) + " cannot be written as JSON", e);
            }
        }
        throw invalid(record, "has a " + value.getClass().getSimpleName()
                + " value; use the StringConverter, ByteArrayConverter or a schemaless JsonConverter");
    }

    private static InvalidRecordException invalid(SinkRecord record, String what) {
        return new InvalidRecordException(coordinates(record) + " " + what);
    }

    static String coordinates(SinkRecord record) {
        return "record " + record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
    }
}
