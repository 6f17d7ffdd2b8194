package io.meterflow.connect.mqtt.mapping;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.serde.MeterFlowJson;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.schema.validation.SchemaValidator;
import io.meterflow.schema.validation.Violation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A complete MeterFlow reading as payload (e.g. from a gateway that polls meters itself), checked against the
 * meter-readings schema. The source becomes {@code mqtt}: this connector collected it.
 */
final class ReadingMapper {

    private static final int VIOLATIONS_SHOWN = 3;
    private final SchemaValidator validator = new SchemaValidator();
    private final MeterIdResolver meterIds;

    ReadingMapper(MeterIdResolver meterIds) {
        this.meterIds = meterIds;
    }

    Reading map(String topic, byte[] json, JsonNode payload) throws BadPayloadException {
        final String topicMeter = meterIds.fromTopic(topic).orElse(null);
        final List<Violation> violations = validator.validate(MeterFlowTopics.READINGS, json);
        if (!violations.isEmpty()) {
            throw new BadPayloadException("not a MeterFlow reading: " + violations.stream().limit(VIOLATIONS_SHOWN)
                    .map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; ")), topicMeter);
        }
        final Reading reading;
        try {
            reading = MeterFlowJson.mapper().treeToValue(payload, Reading.class);
        } catch (JacksonException e) {
            throw new BadPayloadException("not a MeterFlow reading: " + e.getOriginalMessage(), topicMeter);
        }
        if (topicMeter != null && !topicMeter.equals(reading.meterId())) {
            throw new BadPayloadException("payload meterId '" + reading.meterId() + "' differs from the meter '"
                    + topicMeter + "' named by topic '" + topic + "'", topicMeter);
        }
        return new Reading(reading.meterId(), ReadingSource.MQTT, reading.collectedAt(), reading.meterTime(),
                reading.latencyMs(), reading.status(), reading.error(), reading.values());
    }
}
