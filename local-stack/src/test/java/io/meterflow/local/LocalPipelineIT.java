package io.meterflow.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.schema.Alert;
import io.meterflow.schema.AlertState;
import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.Severity;
import io.meterflow.schema.serde.MeterFlowJson;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.schema.topic.Topic;
import io.meterflow.schema.validation.SchemaValidator;
import io.meterflow.testing.kafka.KafkaTestCluster;
import io.meterflow.testing.kafka.TopicRecords;
import io.meterflow.testing.mqtt.MosquittoBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user sees in {@code ./meterflow local}: the simulated fleet, both source connectors, streams-app, the sink
 * and query-api together. Within minutes every topic fills, the misbehaving meters fire alerts and the API serves
 * them. Uses its own Mosquitto and database so it never competes with a developer's running stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalPipelineIT {

    private static final Duration WITHIN_A_MINUTE = Duration.ofSeconds(90);
    private static final Duration WITHIN_FOUR_MINUTES = Duration.ofMinutes(4);

    @TempDir
    static Path dir;
    private MosquittoBroker mosquitto;
    private LocalStack stack;
    private KafkaTestCluster kafka;
    private String db;
    private final SchemaValidator validator = new SchemaValidator();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startTheStack() {
        mosquitto = MosquittoBroker.start(dir.resolve("mosquitto"));
        db = TestDatabases.name("mf_local_pipeline_it");
        stack = LocalStack.start(LocalStackOptions.parse(new String[] {"--data-dir", dir.resolve("stack").toString(),
                "--kafka-port", "0", "--connect-port", "0", "--api-port", "0", "--streams-port", "0", "--db", db,
                "--mqtt-broker", mosquitto.uri()}, Path.of("..")));
        kafka = stack::bootstrapServers;
    }

    @AfterAll
    void stopTheStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
        TestDatabases.drop(db);
    }

    @Test
    void readingsFromBothProtocolsAndLoadProfileRowsArriveWithinAMinute() {
        assertThat(stack.connectors()).containsExactlyInAnyOrder("dlms-source", "mqtt-source", "meterflow-postgres-sink");
        Awaitility.await("DLMS and MQTT readings").atMost(WITHIN_A_MINUTE).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(records(MeterFlowTopics.READINGS, 1))
                        .extracting(r -> MeterFlowJson.mapper().readTree(r.value()).path("source").asText())
                        .contains(ReadingSource.DLMS.wireName(), ReadingSource.MQTT.wireName()));
        assertConforms(MeterFlowTopics.READINGS);
        assertConforms(MeterFlowTopics.INTERVALS);
    }

    @Test
    void misbehavingMetersGetDerivedTelemetryAndFiringAlertsWithinFourMinutes() {
        Awaitility.await("a CRITICAL clock-drift alert for dlms-drift90s-0001").atMost(WITHIN_FOUR_MINUTES)
                .pollInterval(Duration.ofSeconds(5))
                .until(() -> alerts().stream().anyMatch(a -> a.meterId().equals("dlms-drift90s-0001")
                        && a.rule().equals("ClockDrift") && a.state() == AlertState.FIRING
                        && a.severity() == Severity.CRITICAL));
        for (Topic<?> derived : List.of(MeterFlowTopics.RATES, MeterFlowTopics.CLOCK_DRIFT, MeterFlowTopics.ERROR_STATS,
                MeterFlowTopics.ALERTS)) {
            Awaitility.await(derived.name() + " filled").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(5))
                    .until(() -> !records(derived, 0).isEmpty());
            assertConforms(derived);
        }
    }

    @Test
    void queryApiServesTheFleetFromTheReadModel() {
        Awaitility.await("meters and a firing alert in the API").atMost(WITHIN_FOUR_MINUTES)
                .pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
                    final JsonNode summary = get("/api/v1/fleet/summary");
                    assertThat(summary.path("meters").asInt()).isGreaterThanOrEqualTo(40);
                    assertThat(get("/api/v1/meters/dlms-ok-0001").path("meterId").asText()).isEqualTo("dlms-ok-0001");
                    assertThat(get("/api/v1/alerts?state=FIRING").path("items")).isNotEmpty();
                });
    }

    private void assertConforms(Topic<?> topic) {
        for (ConsumerRecord<String, byte[]> record : records(topic, 0)) {
            assertThat(validator.validate(topic, record.value())).as(topic.name() + " " + new String(record.value()))
                    .isEmpty();
        }
    }

    private List<Alert> alerts() {
        return records(MeterFlowTopics.ALERTS, 0).stream()
                .map(r -> MeterFlowTopics.ALERTS.valueSerde().deserializer().deserialize(r.topic(), r.value()))
                .toList();
    }

    private List<ConsumerRecord<String, byte[]>> records(Topic<?> topic, int atLeast) {
        return atLeast == 0
                ? TopicRecords.readAll(kafka, topic.name(), new StringDeserializer(), new ByteArrayDeserializer())
                : TopicRecords.awaitAtLeast(kafka, topic.name(), atLeast, new StringDeserializer(),
                        new ByteArrayDeserializer(), WITHIN_A_MINUTE);
    }

    private JsonNode get(String path) throws Exception {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return MeterFlowJson.mapper().readTree(response.body());
    }
}
