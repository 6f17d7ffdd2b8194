package io.meterflow.connect.mqtt.mapping;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.connect.mqtt.config.MqttSourceConfig;
import io.meterflow.connect.mqtt.config.PayloadFormat;
import io.meterflow.schema.serde.MeterFlowJson;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.ByteBuffer;

/** The mapper for the configured payload format. */
public final class PayloadMappers {

    private PayloadMappers() {
    }

    public static PayloadMapper of(MqttSourceConfig config) {
        final MeterIdResolver meterIds = new MeterIdResolver(config.topicTemplate(), config.meterIdField());
        final TelemetryMapper telemetry = new TelemetryMapper(meterIds, config.valueNames());
        final ReadingMapper reading = new ReadingMapper(meterIds);
        final PayloadFormat format = config.payloadFormat();
        return (topic, payload, arrivalMs) -> {
            final String topicMeter = meterIds.fromTopic(topic).orElse(null);
            final JsonNode tree = parse(payload, topicMeter);
            final boolean isTelemetry = switch (format) {
                case TELEMETRY -> true;
                case READING -> false;
                case AUTO -> tree.has("ts") || tree.path("values").isObject();
            };
            return isTelemetry ? telemetry.map(topic, tree, arrivalMs) : reading.map(topic, payload, tree);
        };
    }

    /** Parses the bytes directly (Jackson checks UTF-8 itself); the slower text check only names a failure. */
    private static JsonNode parse(byte[] payload, String meterId) throws BadPayloadException {
        final JsonNode tree;
        try {
            tree = MeterFlowJson.mapper().readTree(payload);
        } catch (JacksonException e) {
            if (!isUtf8(payload)) {
                throw new BadPayloadException("payload is not UTF-8 text (" + payload.length + " bytes)", meterId);
            }
            throw new BadPayloadException("payload is not JSON: " + e.getOriginalMessage(), meterId);
        } catch (IOException e) {
            throw new BadPayloadException("payload cannot be read: " + e.getMessage(), meterId);
        }
        if (tree == null || !tree.isObject()) {
            throw new BadPayloadException("payload must be a JSON object", meterId);
        }
        return tree;
    }

    private static boolean isUtf8(byte[] payload) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
