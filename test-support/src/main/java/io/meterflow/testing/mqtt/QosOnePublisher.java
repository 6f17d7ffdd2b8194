package io.meterflow.testing.mqtt;

import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A Paho publisher at QoS 1 that gets every message accepted by the broker, also across a broker restart: a
 * persistent session with Paho's automatic reconnect (which resends the messages in flight), and a publish the
 * client refused while disconnected is offered again. It keeps its in-flight messages below Paho's limit, because
 * Paho leaks a message id each time it refuses a publish for too many in flight.
 */
public final class QosOnePublisher implements AutoCloseable {

    private static final int WINDOW = 500;
    private static final Duration GIVE_UP = Duration.ofMinutes(2);
    private final MqttAsyncClient client;

    public QosOnePublisher(String brokerUri, String clientId) {
        try {
            client = new MqttAsyncClient(brokerUri, clientId, new MemoryPersistence());
            final MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(false);
            options.setAutomaticReconnect(true);
            options.setMaxReconnectDelay(500);
            options.setMaxInflight(WINDOW * 2);
            client.connect(options).waitForCompletion(10_000);
        } catch (MqttException e) {
            throw new IllegalStateException("publisher " + clientId + " cannot connect to " + brokerUri, e);
        }
    }

    /** Publishes at QoS 1 without waiting for the broker's PUBACK; waits while the client is disconnected or full. */
    public void publish(String topic, String payload) {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    public void publish(String topic, byte[] payload) {
        final long deadline = System.nanoTime() + GIVE_UP.toNanos();
        try {
            while (true) {
                if (client.getInFlightMessageCount() < WINDOW) {
                    try {
                        client.publish(topic, payload, 1, false);
                        return;
                    } catch (MqttException disconnected) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("cannot publish to " + topic + " for " + GIVE_UP,
                                    disconnected);
                        }
                    }
                } else if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker acknowledged nothing for " + GIVE_UP);
                }
                // Full, or disconnected while the broker restarts: offer it again in a moment.
                Thread.sleep(1);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    /** Waits until the broker acknowledged everything published so far. */
    public void awaitAllAcknowledged(Duration timeout) {
        Awaitility.await("broker acknowledged every published message").atMost(timeout)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> client.getPendingDeliveryTokens().length == 0);
    }

    @Override
    public void close() {
        try {
            client.disconnect().waitForCompletion(5_000);
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // closing anyway
        }
    }
}
