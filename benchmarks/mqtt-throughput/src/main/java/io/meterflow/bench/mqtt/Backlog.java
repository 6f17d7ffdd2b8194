package io.meterflow.bench.mqtt;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;

/** Publishes a backlog of telemetry messages at QoS 1 and waits until the broker acknowledged all of them. */
final class Backlog {

    private static final int IN_FLIGHT = 500;

    private Backlog() {
    }

    static void publish(String brokerUri, String topicPrefix, int messages) throws MqttException, InterruptedException {
        final MqttAsyncClient client = new MqttAsyncClient(brokerUri, "bench-publisher-" + topicPrefix,
                new MemoryPersistence());
        final MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(IN_FLIGHT * 2);
        client.connect(options).waitForCompletion();
        // Paho leaks a message id each time it refuses a publish for too many in flight: never let it refuse.
        final Semaphore window = new Semaphore(IN_FLIGHT);
        final IMqttActionListener release = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                window.release();
                throw new IllegalStateException("publish failed", failure);
            }
        };
        for (int ts = 1; ts <= messages; ts++) {
            final byte[] payload = ("{\"ts\":" + ts + ",\"values\":{\"1.0.1.8.0.255\":" + ts
                    + ".5,\"1.0.1.7.0.255\":1500,\"1.0.32.7.0.255\":230.1}}").getBytes(StandardCharsets.UTF_8);
            window.acquire();
            client.publish(topicPrefix + "/m-" + (ts % 100) + "/telemetry", payload, 1, false, null, release);
        }
        window.acquire(IN_FLIGHT);
        client.disconnect().waitForCompletion();
        client.close();
    }
}
