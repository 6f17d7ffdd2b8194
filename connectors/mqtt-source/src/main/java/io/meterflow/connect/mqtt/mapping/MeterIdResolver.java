package io.meterflow.connect.mqtt.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.connect.mqtt.config.MqttSourceConfig;
import io.meterflow.connect.mqtt.config.TopicTemplate;

import java.util.Optional;

/** Finds the meter id of a message: in a payload field when one is configured, else in the topic. */
final class MeterIdResolver {

    private static final int MAX_LENGTH = 128;

    private final TopicTemplate template;
    private final String field;

    MeterIdResolver(TopicTemplate template, Optional<String> field) {
        this.template = template;
        this.field = field.orElse(null);
    }

    /** The meter named by the topic, if the topic matches the template. */
    Optional<String> fromTopic(String topic) {
        return template.meterId(topic);
    }

    /** The meter id a message must carry; {@code payload} may be null when the payload is not JSON. */
    String resolve(String topic, JsonNode payload) throws BadPayloadException {
        final String topicMeter = fromTopic(topic).orElse(null);
        final String id;
        if (field != null) {
            final JsonNode node = payload == null ? null : payload.get(field);
            if (node == null || !node.isTextual() || node.asText().isBlank()) {
                throw new BadPayloadException("payload field '" + field + "' (" + MqttSourceConfig.METER_ID_FIELD_CONFIG
                        + ") is missing or not a non-empty string", topicMeter);
            }
            id = node.asText();
        } else if (topicMeter == null) {
            throw new BadPayloadException("topic '" + topic + "' does not match " + MqttSourceConfig.TOPIC_TEMPLATE_CONFIG
                    + " '" + template + "', so the meter is unknown", null);
        } else {
            id = topicMeter;
        }
        if (id.length() > MAX_LENGTH) {
            throw new BadPayloadException("meter id longer than " + MAX_LENGTH + " characters", null);
        }
        return id;
    }
}
