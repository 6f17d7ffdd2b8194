package io.meterflow.connect.mqtt.mapping;

import io.meterflow.schema.Reading;

/** Turns one MQTT message into one reading. Implementations are thread-safe. */
public interface PayloadMapper {

    /**
     * @param arrivalMs when the message arrived: the reading's collectedAt
     * @throws BadPayloadException when the payload cannot be mapped; the message then goes to the DLQ
     */
    Reading map(String topic, byte[] payload, long arrivalMs) throws BadPayloadException;
}
