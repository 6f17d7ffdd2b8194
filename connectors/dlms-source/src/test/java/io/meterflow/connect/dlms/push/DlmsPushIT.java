package io.meterflow.connect.dlms.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterflow.kafka.embedded.EmbeddedConnectWorker;
import io.meterflow.kafka.embedded.FreePorts;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.schema.validation.SchemaValidator;
import io.meterflow.simulator.dlms.push.Push;
import io.meterflow.simulator.dlms.push.PushApdus;
import io.meterflow.simulator.dlms.push.PushFleet;
import io.meterflow.simulator.dlms.push.PushIdentity;
import io.meterflow.simulator.dlms.push.PushOptions;
import io.meterflow.simulator.scenario.Scenario;
import io.meterflow.testing.connect.ConnectWorkerProcess;
import io.meterflow.testing.kafka.KafkaExtension;
import io.meterflow.testing.kafka.KafkaTestCluster;
import io.meterflow.testing.kafka.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openmuc.jdlms.datatypes.DataObject;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;


import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged plugin's push listener on a real Connect worker in a child JVM (exactly-once source support): 100
 * simulated meters, half plain and half ciphered, push 1,000 times while the worker is killed with SIGKILL and a new
 * one takes over; every acknowledged push is in Kafka exactly once, nothing pushed is lost, and bad pushes sent in
 * the middle are in the dead-letter topic.
 */
@ExtendWith(KafkaExtension.class)
class DlmsPushIT {

    private static final Path PLUGIN_PATH = Path.of("target", "plugin").toAbsolutePath();
    private static final String OWN_CLASSES = Path.of("target", "classes").toAbsolutePath().toString();
    private static final Predicate<String> NOT_THE_PLUGIN = entry -> entry.equals(OWN_CLASSES);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaValidator VALIDATOR = new SchemaValidator();
    private static final int METERS = 100;
    private static final int PUSHES_PER_METER = 10;

    @Test
    void thousandPushesFromHundredMetersLandExactlyOnceAcrossAWorkerKill(KafkaTestCluster kafka) throws Exception {
        kafka.createTopics(2, "k-readings", "k-intervals", "k-events", "k-dlq");
        final int basePort = FreePorts.belowEphemeralRange(2); // task n listens on listen.port + n
        final Scenario scenario = DlmsPushSourceTaskTest.scenario(METERS / 2, METERS / 2);
        final Map<String, String> config = new HashMap<>(DlmsPushSourceTaskTest.props(scenario, Map.of()));
        config.put("connector.class", DlmsPushSourceConnector.class.getName());
        config.put("tasks.max", "2");
        config.put("listen.port", Integer.toString(basePort));
        config.put("readings.topic", "k-readings");
        config.put("intervals.topic", "k-intervals");
        config.put("events.topic", "k-events");
        config.put("dlq.topic", "k-dlq");
        config.put("exactly.once.support", "required");
        config.put("value.converter", DlmsPushSourceConnector.VALUE_CONVERTER);
        config.remove("name");
        final EmbeddedConnectWorker.Builder worker = EmbeddedConnectWorker.builder(kafka.bootstrapServers())
                .groupId("push-k").pluginPath(PLUGIN_PATH).workerProperty("exactly.once.source.support", "enabled");
        final PushOptions options = new PushOptions(List.of(new InetSocketAddress("127.0.0.1", basePort),
                new InetSocketAddress("127.0.0.1", basePort + 1)), Duration.ofMillis(1_500), Duration.ofMillis(500),
                PUSHES_PER_METER, 4, Duration.ofSeconds(60));

        final PushFleet fleet;
        final ConnectWorkerProcess first = ConnectWorkerProcess.start(worker, NOT_THE_PLUGIN,
                Path.of("target", "worker-push-first.log"));
        try {
            first.rest().putConnector("push-k", config);
            first.rest().awaitRunning("push-k", 2, Duration.ofSeconds(60));
            fleet = PushFleet.start(scenario.meters(), System.currentTimeMillis(), options, 32);
            await().atMost(Duration.ofSeconds(60)).until(() -> fleet.acknowledgedPushes() >= 300);
        } finally {
            first.kill();
        }
        try (fleet; ConnectWorkerProcess second = ConnectWorkerProcess.start(worker, NOT_THE_PLUGIN,
                Path.of("target", "worker-push-second.log"))) {
            second.rest().awaitRunning("push-k", 2, Duration.ofSeconds(90));
            sendBadPushes(basePort, scenario.meters().get(METERS - 1).meterId());
            await().atMost(Duration.ofSeconds(120)).until(fleet::done);
            assertThat(fleet.failedAttempts()).as("pushes that failed while no worker ran, and were retried")
                    .isPositive();

            final List<Push> pushed = fleet.meters().stream().flatMap(m -> m.acknowledged().stream()).toList();
            assertThat(pushed).hasSize(METERS * PUSHES_PER_METER);
            final List<ConsumerRecord<String, String>> readings = TopicRecords.awaitAtLeast(kafka, "k-readings",
                    pushed.size(), new StringDeserializer(), new StringDeserializer(), Duration.ofSeconds(30));
            assertThat(readings).allSatisfy(r ->
                    assertThat(VALIDATOR.validate(MeterFlowTopics.READINGS, r.value())).isEmpty());
            assertThat(readings.stream().map(r -> key(r.value(), "meterTime")).toList())
                    .as("every pushed reading exactly once")
                    .containsExactlyInAnyOrderElementsOf(pushed.stream()
                            .map(p -> p.meterId() + "@" + p.capturedAt()).toList());

            final List<ConsumerRecord<String, String>> intervals = TopicRecords.readAll(kafka, "k-intervals",
                    new StringDeserializer(), new StringDeserializer());
            assertThat(intervals).allSatisfy(r ->
                    assertThat(VALIDATOR.validate(MeterFlowTopics.INTERVALS, r.value())).isEmpty());
            assertThat(intervals.stream().map(r -> key(r.value(), "capturedAt")).toList())
                    .as("every pushed profile row exactly once")
                    .containsExactlyInAnyOrderElementsOf(pushed.stream().flatMap(p -> p.rows().stream()
                            .map(row -> p.meterId() + "@" + row.capturedAt())).toList());

            final List<ConsumerRecord<String, String>> events = TopicRecords.readAll(kafka, "k-events",
                    new StringDeserializer(), new StringDeserializer());
            assertThat(events).allSatisfy(r ->
                    assertThat(VALIDATOR.validate(MeterFlowTopics.EVENTS, r.value())).isEmpty());
            assertThat(events.stream().map(r -> key(r.value(), "at")).toList())
                    .containsExactlyInAnyOrderElementsOf(pushed.stream().filter(p -> p.alarmBits() != 0)
                            .map(p -> p.meterId() + "@" + p.capturedAt()).toList());

            final List<ConsumerRecord<byte[], byte[]>> letters = TopicRecords.awaitAtLeast(kafka, "k-dlq", 3,
                    new ByteArrayDeserializer(), new ByteArrayDeserializer(), Duration.ofSeconds(30));
            assertThat(letters.stream().map(r -> new String(r.headers().lastHeader(DeadLetterHeaders.REASON).value(),
                    StandardCharsets.UTF_8)).toList())
                    .containsExactlyInAnyOrder("MALFORMED_FRAME", "UNAUTHENTICATED", "UNKNOWN_SYSTEM_TITLE");
            assertThat(second.rest().offsets("push-k").path("offsets").toString()).contains("capturedAt");
        }
    }

    /** Garbage, a push ciphered with the wrong keys and one from an unknown system title, to both tasks. */
    private static void sendBadPushes(int basePort, String cipheredMeter) {
        final byte[] enc = HexFormat.of().parseHex(DlmsPushSourceTaskTest.ENC);
        final byte[] auth = HexFormat.of().parseHex(DlmsPushSourceTaskTest.AUTH);
        final byte[] empty = PushApdus.dataNotification(1, DataObject.newStructureData());
        send(basePort, "\u0016\u0003\u0001 TLS hello".getBytes(StandardCharsets.ISO_8859_1));
        send(basePort + 1, PushApdus.wrapperFrame(PushApdus.generalGloCiphering(
                PushIdentity.systemTitle(cipheredMeter), 7, empty, auth, enc)));
        send(basePort + 1, PushApdus.wrapperFrame(PushApdus.generalGloCiphering(
                PushIdentity.systemTitle("intruder"), 7, empty, enc, auth)));
    }

    /** Sends once the port accepts (the new worker's task may still be starting: its status can lag). */
    private static void send(int port, byte[] bytes) {
        await().atMost(Duration.ofSeconds(90)).ignoreExceptionsInstanceOf(ConnectException.class)
                .untilAsserted(() -> sendNow(port, bytes));
    }

    private static void sendNow(int port, byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            final OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            try {
                assertThat(socket.getInputStream().read()).as("no acknowledgement").isEqualTo(-1);
            } catch (IOException reset) {
                // reset: rejected
            }
        }
    }

    private static String key(String json, String timeField) {
        try {
            final JsonNode node = JSON.readTree(json);
            return node.path("meterId").asText() + "@" + node.path(timeField).asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
