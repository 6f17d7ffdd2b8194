package io.meterflow.connect.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.connect.mqtt.config.MqttSourceConfig;
import io.meterflow.connect.mqtt.record.DlqHeaders;
import io.meterflow.connect.mqtt.support.ConnectorFixture;
import io.meterflow.connect.mqtt.support.TaskStateWatch;
import io.meterflow.connect.mqtt.support.Telemetry;
import io.meterflow.connect.mqtt.support.WorkerJmx;
import io.meterflow.kafka.embedded.ConnectRestClient;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.ReadingStatus;
import io.meterflow.schema.serde.MeterFlowJson;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.schema.validation.SchemaValidator;
import io.meterflow.testing.connect.ConnectWorkerProcess;
import io.meterflow.testing.kafka.KafkaExtension;
import io.meterflow.testing.kafka.KafkaTestCluster;
import io.meterflow.testing.kafka.TopicRecords;
import io.meterflow.testing.mqtt.MosquittoBroker;
import io.meterflow.testing.mqtt.QosOnePublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged plugin on a real Connect worker (child JVM), a real Mosquitto and a real Kafka broker. */
@ExtendWith(KafkaExtension.class)
class MqttSourceConnectorIT {

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final int VALID = 5_000;
    private static final int MALFORMED = 1_000;
    /** Four of the five kinds of malformed payload name a meter in their topic (see {@link Malformed}). */
    private static final int KNOWN_METER_MALFORMED = MALFORMED * 4 / 5;
    private static final List<String> CLIENT_IDS = IntStream.range(0, MqttSourceConfig.SESSIONS_DEFAULT)
            .mapToObj(s -> "mixed-it-" + s).toList();

    @TempDir
    static Path dir;
    private static MosquittoBroker broker;
    private static ConnectWorkerProcess worker;
    private final SchemaValidator validator = new SchemaValidator();

    @BeforeAll
    static void start(KafkaTestCluster kafka) {
        broker = MosquittoBroker.start(dir.resolve("broker"));
        worker = ConnectorFixture.startWorker(ConnectorFixture.worker(kafka.bootstrapServers(), "mqtt-connector-it"),
                dir.resolve("worker.log"));
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void validReadingsReachMeterReadingsAndEveryMalformedPayloadTheDlqWithItsHeadersWhileTheTaskKeepsRunning(
            KafkaTestCluster kafka) throws Exception {
        final List<ConsumerRecord<String, byte[]>> readingRecords;
        final List<ConsumerRecord<String, byte[]>> dlqRecords;
        final String readings = "mixed-it-readings";
        final String dlq = "mixed-it-dlq";
        kafka.createTopics(3, readings, dlq);
        final ConnectRestClient rest = worker.rest();
        rest.putConnector("mixed-it", ConnectorFixture.config(broker.uri(), readings, dlq, 1,
                Map.of(MqttSourceConfig.TOPICS_CONFIG, "meters/+/telemetry,unmapped/+")));
        rest.awaitRunning("mixed-it", 1, WAIT);
        awaitSubscribed("mixed-it");

        final long publishedFrom = System.currentTimeMillis();
        final Map<String, Malformed> malformed = new HashMap<>();
        final TaskStateWatch watch = TaskStateWatch.start(rest, "mixed-it");
        try (watch; QosOnePublisher publisher = new QosOnePublisher(broker.uri(), "mixed-it-publisher")) {
            int bad = 0;
            for (int i = 1; i <= VALID; i++) {
                publisher.publish(Telemetry.topic(meter(i)), Telemetry.payload(i));
                if (i % (VALID / MALFORMED) == 0) {
                    final Malformed m = Malformed.of(bad++, meter(i));
                    malformed.put(m.payload, m);
                    publisher.publish(m.topic, m.payload);
                }
            }
            publisher.awaitAllAcknowledged(WAIT);
            readingRecords = TopicRecords.awaitAtLeast(kafka, readings, VALID + KNOWN_METER_MALFORMED,
                    new StringDeserializer(), new ByteArrayDeserializer(), WAIT);
            dlqRecords = TopicRecords.awaitAtLeast(kafka, dlq, MALFORMED, new StringDeserializer(),
                    new ByteArrayDeserializer(), WAIT);
        }
        final long consumedBy = System.currentTimeMillis();
        assertThat(watch.notRunning()).as("connector statuses while the stream was consumed").isEmpty();
        assertThat(watch.looks()).as("status reads while the stream was consumed").isGreaterThanOrEqualTo(5);
        assertThat(malformed).hasSize(MALFORMED);
        assertThat(malformed.values().stream().filter(m -> m.meterKnown).count()).isEqualTo(KNOWN_METER_MALFORMED);

        final Set<Long> validSeen = new HashSet<>();
        int badPayloadReadings = 0;
        for (ConsumerRecord<String, byte[]> record : readingRecords) {
            assertThat(validator.validate(MeterFlowTopics.READINGS, record.value())).as("schema violations").isEmpty();
            final Reading reading = read(record.value());
            assertThat(record.key()).isEqualTo(reading.meterId());
            assertThat(record.timestamp()).isEqualTo(reading.collectedAt());
            assertThat(reading.source()).isEqualTo(ReadingSource.MQTT);
            if (reading.status() == ReadingStatus.OK) {
                assertThat(reading.meterId()).isEqualTo(meter(reading.meterTime()));
                validSeen.add(reading.meterTime());
            } else {
                assertThat(reading.status()).isEqualTo(ReadingStatus.BAD_PAYLOAD);
                assertThat(reading.error()).isNotBlank();
                badPayloadReadings++;
            }
        }
        assertThat(validSeen).hasSize(VALID);
        assertThat(badPayloadReadings).isGreaterThanOrEqualTo(KNOWN_METER_MALFORMED);

        final Set<String> dlqPayloads = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : dlqRecords) {
            final String payload = new String(record.value(), StandardCharsets.UTF_8);
            final Malformed sent = malformed.get(payload);
            assertThat(sent).as("DLQ value is a raw published payload: %s", payload).isNotNull();
            assertThat(header(record, DlqHeaders.ERROR)).contains(sent.expectedError);
            assertThat(header(record, DlqHeaders.MQTT_TOPIC)).isEqualTo(sent.topic);
            assertThat(header(record, DlqHeaders.CONNECTOR)).isEqualTo("mixed-it");
            assertThat(header(record, DlqHeaders.CLIENT_ID)).isIn(CLIENT_IDS);
            assertThat(Long.parseLong(header(record, DlqHeaders.ARRIVAL))).isBetween(publishedFrom, consumedBy);
            assertThat(record.key()).isEqualTo(sent.meterKnown ? sent.meterId : null);
            dlqPayloads.add(payload);
        }
        assertThat(dlqPayloads).isEqualTo(malformed.keySet());

        // The same counts reach the operator through Connect's plugin metrics (JMX).
        assertThat(WorkerJmx.pluginMetric(worker.pid(), "mixed-it", 0, "bad-payloads-total")).isEqualTo(MALFORMED);
        assertThat(WorkerJmx.pluginMetric(worker.pid(), "mixed-it", 0, "messages-total"))
                .isEqualTo(VALID + MALFORMED);
    }

    @Test
    void validateTellsTheUserWhichConverterTheConnectorNeeds(KafkaTestCluster kafka) {
        final Map<String, String> config = ConnectorFixture.config(broker.uri(), "validate-it", "validate-it-dlq", 1,
                Map.of("value.converter", "org.apache.kafka.connect.json.JsonConverter", "name", "validate-it"));

        final JsonNode result = worker.rest().validate(MqttSourceConnector.class.getName(), config);

        assertThat(result.path("error_count").asInt()).isPositive();
        final String errors = result.path("configs").findValuesAsText("errors").toString()
                + result.path("configs").findValues("errors").toString();
        assertThat(errors).contains("value.converter must be " + MqttSourceConnector.VALUE_CONVERTER);
    }

    private static void awaitSubscribed(String connector) {
        // Until the first connection exists the broker has no session to queue messages for; the task logs it.
        for (int session = 0; session < MqttSourceConfig.SESSIONS_DEFAULT; session++) {
            final String connected = "MQTT session " + connector + "-" + session + " connected";
            org.awaitility.Awaitility.await(connected).atMost(WAIT).until(() -> logContains(connected));
        }
    }

    static boolean logContains(String text) throws IOException {
        return java.nio.file.Files.readString(dir.resolve("worker.log")).contains(text);
    }

    private static String meter(long i) {
        return "m-" + (i % 20);
    }

    private static Reading read(byte[] json) {
        try {
            return MeterFlowJson.mapper().readValue(json, Reading.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        final Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** One malformed message; five kinds in turn, each unique so the DLQ record can be matched to it. */
    private record Malformed(String topic, String payload, String meterId, boolean meterKnown, String expectedError) {

        static Malformed of(int n, String meterId) {
            final String topic = Telemetry.topic(meterId);
            return switch (n % 5) {
                case 0 -> new Malformed(topic, "garbage #" + n, meterId, true, "payload is not JSON");
                case 1 -> new Malformed(topic, "{\"n\":" + n + ",\"values\":{\"1.0.1.8.0.255\":1}}", meterId, true,
                        "'ts' must be the meter time");
                case 2 -> new Malformed(topic, "{\"ts\":" + n + ",\"values\":{\"1.0.1.8.0.255\":\"lots\"}}", meterId,
                        true, "value of '1.0.1.8.0.255' must be a number");
                case 3 -> new Malformed(topic, "{\"ts\":" + n + ",\"values\":{\"energy\":1}}", meterId, true,
                        "'energy' is neither an OBIS code");
                default -> new Malformed("unmapped/" + n, "{\"ts\":" + n + ",\"values\":{\"1.0.1.8.0.255\":1}}", null,
                        false, "does not match mqtt.meter.id.topic.template");
            };
        }
    }
}
