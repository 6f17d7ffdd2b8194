package io.meterflow.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meterflow.schema.serde.MeterFlowJson;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.schema.topic.Topic;
import io.meterflow.schema.validation.SchemaValidator;
import io.meterflow.schema.validation.Violation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Every value our serdes write conforms to its topic's JSON Schema, and broken payloads are named. */
class TopicContractTest {

    private final SchemaValidator validator = new SchemaValidator();

    static final List<Object> samples = Samples.ALL;

    @ParameterizedTest
    @FieldSource("samples")
    void serializedSampleConformsToItsSchema(Object sample) {
        final Topic<Object> topic = topicOf(sample);
        final byte[] json = topic.valueSerde().serializer().serialize(topic.name(), sample);

        assertThat(validator.validate(topic, json)).as(new String(json, StandardCharsets.UTF_8)).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("samples")
    void serializedSampleReadsBackEqual(Object sample) {
        final Topic<Object> topic = topicOf(sample);
        final byte[] json = topic.valueSerde().serializer().serialize(topic.name(), sample);

        assertThat(topic.valueSerde().deserializer().deserialize(topic.name(), json)).isEqualTo(sample);
    }

    @Test
    void everyTopicWithASchemaHasOneOnTheClasspath() {
        for (Topic<?> topic : MeterFlowTopics.WITH_SCHEMA) {
            assertThat(getClass().getClassLoader().getResource(topic.schemaResource()))
                    .as(topic.name()).isNotNull();
        }
    }

    @Test
    void readingWithoutMeterIdIsRejectedNamingMeterId() {
        assertThat(violationsOfReadingWith(node -> node.remove("meterId")))
                .anySatisfy(v -> assertThat(v.field()).isEqualTo("/meterId"));
    }

    @Test
    void unknownStatusValueIsRejectedNamingStatus() {
        assertThat(violationsOfReadingWith(node -> node.put("status", "EXPLODED")))
                .anySatisfy(v -> assertThat(v.field()).isEqualTo("/status"));
    }

    @Test
    void textWhereANumberBelongsIsRejectedNamingTheField() {
        assertThat(violationsOfReadingWith(node -> node.put("latencyMs", "fast")))
                .anySatisfy(v -> assertThat(v.field()).isEqualTo("/latencyMs"));
        assertThat(violationsOfReadingWith(node -> ((ObjectNode) node.withArray("values").get(0)).put("value", "12 kWh")))
                .anySatisfy(v -> assertThat(v.field()).isEqualTo("/values/0/value"));
    }

    @Test
    void failedReadingWithoutErrorTextIsRejected() {
        final ObjectNode failed = MeterFlowJson.mapper().valueToTree(Samples.FAILED_READING);
        failed.putNull("error");

        assertThat(validator.validate(MeterFlowTopics.READINGS, failed.toString()))
                .anySatisfy(v -> assertThat(v.field()).isEqualTo("/error"));
    }

    @Test
    void misspelledFieldIsRejectedRatherThanIgnored() {
        assertThat(violationsOfReadingWith(node -> node.set("meterID", node.remove("meterId"))))
                .extracting(Violation::toString)
                .anySatisfy(v -> assertThat(v).contains("meterID"));
    }

    @Test
    void alertWithUnknownSeverityIsRejectedNamingSeverity() {
        final ObjectNode alert = MeterFlowJson.mapper().valueToTree(Samples.FIRING);
        alert.put("severity", "URGENT");

        assertThat(validator.validate(MeterFlowTopics.ALERTS, alert.toString()))
                .anySatisfy(v -> assertThat(v.field()).isEqualTo("/severity"));
    }

    @Test
    void alertWrittenBeforeSchema11WithoutWorkflowFieldsStillConformsAndReads() {
        final ObjectNode alert = MeterFlowJson.mapper().valueToTree(Samples.FIRING);
        alert.remove(List.of("acknowledgedBy", "acknowledgedAt", "shelvedUntil", "assignee"));

        assertThat(validator.validate(MeterFlowTopics.ALERTS, alert.toString())).isEmpty();
        assertThat(MeterFlowTopics.ALERTS.valueSerde().deserializer()
                .deserialize("meter-alerts", alert.toString().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Samples.FIRING);
    }

    @Test
    void commandWithUnknownActionIsRejectedNamingAction() {
        final ObjectNode command = MeterFlowJson.mapper().valueToTree(Samples.SHELVE);
        command.put("action", "SNOOZE");

        assertThat(validator.validate(MeterFlowTopics.ALERT_COMMANDS, command.toString()))
                .anySatisfy(v -> assertThat(v.field()).isEqualTo("/action"));
    }

    @Test
    void commandWithTooLongCommentIsRejectedNamingComment() {
        final ObjectNode command = MeterFlowJson.mapper().valueToTree(Samples.SHELVE);
        command.put("comment", "x".repeat(AlertCommand.MAX_COMMENT_LENGTH + 1));

        assertThat(validator.validate(MeterFlowTopics.ALERT_COMMANDS, command.toString()))
                .anySatisfy(v -> assertThat(v.field()).isEqualTo("/comment"));
    }

    @Test
    void resultWithUnknownReasonIsRejectedNamingReason() {
        final ObjectNode result = MeterFlowJson.mapper().valueToTree(Samples.REJECTED);
        result.put("reason", "TOO_LATE");

        assertThat(validator.validate(MeterFlowTopics.ALERT_COMMAND_RESULTS, result.toString()))
                .anySatisfy(v -> assertThat(v.field()).isEqualTo("/reason"));
    }

    private List<Violation> violationsOfReadingWith(Consumer<ObjectNode> breakIt) {
        final ObjectNode reading = MeterFlowJson.mapper().valueToTree(Samples.OK_READING);
        breakIt.accept(reading);
        return validator.validate(MeterFlowTopics.READINGS, reading.toString());
    }

    @SuppressWarnings("unchecked")
    private static Topic<Object> topicOf(Object sample) {
        return (Topic<Object>) MeterFlowTopics.WITH_SCHEMA.stream()
                .filter(t -> t.valueType() == sample.getClass())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no topic for " + sample.getClass()));
    }
}
