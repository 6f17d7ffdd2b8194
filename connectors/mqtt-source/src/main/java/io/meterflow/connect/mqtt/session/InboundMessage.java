package io.meterflow.connect.mqtt.session;

/**
 * A message as it left the MQTT client, waiting in the task's queue for poll().
 *
 * @param clientId  the session (client id) it arrived on
 * @param arrivalMs when it arrived, epoch ms
 */
public record InboundMessage(String clientId, String topic, byte[] payload, long arrivalMs, Delivery delivery) {
}
