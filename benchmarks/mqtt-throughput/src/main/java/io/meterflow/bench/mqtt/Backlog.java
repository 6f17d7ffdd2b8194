package io.meterflow.bench.mqtt;

import io.meterflow.testing.mqtt.QosOnePublisher;

import java.time.Duration;

/** Publishes a backlog of telemetry messages at QoS 1 and waits until the broker acknowledged all of them. */
final class Backlog {

    private Backlog() {
    }

    static void publish(String brokerUri, String topicPrefix, int messages) {
        try (QosOnePublisher publisher = new QosOnePublisher(brokerUri, "bench-publisher-" + topicPrefix)) {
            for (int ts = 1; ts <= messages; ts++) {
                publisher.publish(topicPrefix + "/m-" + (ts % 100) + "/telemetry", "{\"ts\":" + ts
                        + ",\"values\":{\"1.0.1.8.0.255\":" + ts + ".5,\"1.0.1.7.0.255\":1500,\"1.0.32.7.0.255\":230.1}}");
            }
            publisher.awaitAllAcknowledged(Duration.ofMinutes(5));
        }
    }
}
