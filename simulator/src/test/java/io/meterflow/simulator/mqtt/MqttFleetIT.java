package io.meterflow.simulator.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.schema.serde.MeterFlowJson;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.schema.validation.SchemaValidator;
import io.meterflow.simulator.scenario.Behaviour;
import io.meterflow.simulator.scenario.MeterSpec;
import io.meterflow.simulator.scenario.Protocol;
import io.meterflow.simulator.scenario.Silence;
import io.meterflow.testing.mqtt.MosquittoBroker;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Simulated MQTT meters publish to a real Mosquitto as the scenario says: interval, silence, malformed share. */
class MqttFleetIT {

    private static final Duration INTERVAL = Duration.ofMillis(100);

    @TempDir
    Path dir;

    private static MeterSpec meter(String id, Double malformedRatio, List<Silence> silences) {
        final Behaviour behaviour = new Behaviour(null, null, null, null, null, silences, null, INTERVAL,
                malformedRatio, null, null, null, null).withDefaults();
        return new MeterSpec(id, Protocol.MQTT, behaviour, id.hashCode());
    }

    @Test
    void metersPublishTelemetryKeyedByObisHonouringSilencesAndMalformedRatio() throws Exception {
        final Map<String, List<byte[]>> received = new ConcurrentHashMap<>();
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            final MqttClient subscriber = new MqttClient(broker.uri(), "fleet-it-subscriber", new MemoryPersistence());
            subscriber.connect(new MqttConnectOptions());
            subscriber.subscribe("meters/+/telemetry", 1, (topic, message) -> received
                    .computeIfAbsent(topic.split("/")[1], k -> Collections.synchronizedList(new ArrayList<>()))
                    .add(message.getPayload()));
            final List<MeterSpec> specs = List.of(
                    meter("mq-0001", null, null),
                    meter("mq-0002", 0.5, null),
                    meter("mq-0003", null, List.of(new Silence(Duration.ZERO, Duration.ofHours(1)))),
                    meter("mq-0004", null, null),
                    new MeterSpec("dl-0001", Protocol.DLMS, Behaviour.DEFAULT, 1));

            try (MqttFleet fleet = MqttFleet.start(specs, broker.uri(), System.currentTimeMillis())) {
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                        count(received, "mq-0001") >= 10 && count(received, "mq-0002") >= 30
                                && count(received, "mq-0004") >= 5);

                assertThat(fleet.published("mq-0003")).as("silent meter").isZero();
                assertThat(fleet.malformed("mq-0001")).isZero();
                assertThat(fleet.malformed("mq-0002")).isPositive().isLessThan(fleet.published("mq-0002"));
            } finally {
                subscriber.disconnect();
                subscriber.close();
            }
        }

        assertThat(received).doesNotContainKeys("mq-0003", "dl-0001");
        final List<JsonNode> telemetry = received.get("mq-0001").stream().map(MqttFleetIT::telemetry).toList();
        assertThat(telemetry).allSatisfy(MqttFleetIT::assertTelemetry);
        assertThat(telemetry.get(telemetry.size() - 1).path("ts").asLong())
                .isGreaterThan(telemetry.get(0).path("ts").asLong());
        assertThat(telemetry.get(telemetry.size() - 1).path("values").path("1.0.1.8.0.255").asDouble())
                .as("the energy register only grows").isGreaterThanOrEqualTo(
                        telemetry.get(0).path("values").path("1.0.1.8.0.255").asDouble());

        final long brokenOnes = received.get("mq-0002").stream().filter(p -> !isValidTelemetry(p)).count();
        assertThat(brokenOnes).isPositive().isLessThan(received.get("mq-0002").size());

        final SchemaValidator validator = new SchemaValidator();
        assertThat(received.get("mq-0004")).as("the fourth meter publishes MeterFlow readings")
                .allSatisfy(p -> assertThat(validator.validate(MeterFlowTopics.READINGS, p)).isEmpty());
    }

    private static int count(Map<String, List<byte[]>> received, String meterId) {
        return received.getOrDefault(meterId, List.of()).size();
    }

    private static JsonNode telemetry(byte[] payload) {
        try {
            return MeterFlowJson.mapper().readTree(payload);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(payload), e);
        }
    }

    private static void assertTelemetry(JsonNode payload) {
        assertThat(payload.path("ts").isIntegralNumber()).as(payload.toString()).isTrue();
        assertThat(payload.path("values").size()).isEqualTo(5);
        payload.path("values").fields().forEachRemaining(e -> {
            assertThat(e.getKey()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+\\.\\d+\\.\\d+");
            assertThat(e.getValue().isNumber()).isTrue();
        });
    }

    private static boolean isValidTelemetry(byte[] payload) {
        try {
            final JsonNode node = MeterFlowJson.mapper().readTree(payload);
            return node.path("ts").isIntegralNumber() && node.path("values").isObject()
                    && node.path("values").path("1.0.1.8.0.255").isNumber();
        } catch (IOException e) {
            return false;
        }
    }
}
