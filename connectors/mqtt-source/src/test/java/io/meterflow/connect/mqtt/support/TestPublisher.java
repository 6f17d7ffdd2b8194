package io.meterflow.connect.mqtt.support;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.awaitility.Awaitility;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A Paho publisher at QoS 1 that gets every message accepted by the broker: it reconnects by itself (Paho
 * automatic reconnect, persistent session) and retries a publish the client refused while disconnected.
 */
public final class TestPublisher implements AutoCloseable {

    private final MqttAsyncClient client;

    public TestPublisher(String brokerUri, String clientId) {
        try {
            client = new MqttAsyncClient(brokerUri, clientId, new MemoryPersistence());
            final MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(false);
            options.setAutomaticReconnect(true);
            options.setMaxReconnectDelay(500);
            options.setMaxInflight(1_000);
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
        final long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            try {
                client.publish(topic, payload, 1, false);
                return;
            } catch (MqttException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot publish to " + topic + " for 2 minutes", e);
                }
                // Disconnected (broker restarting) or too many in flight: wait a moment and offer it again.
                Thread.onSpinWait();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
    }

    /** Waits until the broker acknowledged everything published so far. */
    public void awaitAllAcknowledged(Duration timeout) {
        Awaitility.await("broker acknowledged every published message").atMost(timeout)
                .pollInterval(Duration.ofMillis(50))
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
