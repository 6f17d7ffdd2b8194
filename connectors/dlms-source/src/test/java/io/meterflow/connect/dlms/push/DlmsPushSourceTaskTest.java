package io.meterflow.connect.dlms.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterflow.connect.dlms.JsonRecords;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.simulator.dlms.cosem.DateTimes;
import io.meterflow.simulator.dlms.push.Push;
import io.meterflow.simulator.dlms.push.PushApdus;
import io.meterflow.simulator.dlms.push.PushFleet;
import io.meterflow.simulator.dlms.push.PushIdentity;
import io.meterflow.simulator.dlms.push.PushOptions;
import io.meterflow.simulator.dlms.push.PushingMeter;
import io.meterflow.simulator.scenario.Scenario;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.openmuc.jdlms.datatypes.DataObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The push task on a real TCP port with simulated push meters and hand-made bad peers; the harness stands in for
 * the worker (polls, and commits what it polled).
 */
class DlmsPushSourceTaskTest {

    static final String ENC = "000102030405060708090a0b0c0d0e0f";
    static final String AUTH = "0f0e0d0c0b0a09080706050403020100";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void plainAndCipheredPushesBecomeSchemaValidReadingsIntervalsAndEvents() throws Exception {
        final Scenario scenario = scenario(1, 1);
        try (PushTaskHarness task = new PushTaskHarness(props(scenario, Map.of()));
             PushFleet fleet = PushFleet.start(scenario.meters(), System.currentTimeMillis(), options(task)
                     .withMaxPushes(3).withAlarmEvery(3), 2)) {
            await().atMost(Duration.ofSeconds(30)).until(fleet::done);

            final List<Push> pushed = fleet.meters().stream().flatMap(m -> m.acknowledged().stream()).toList();
            assertThat(pushed).hasSize(6);
            final List<SourceRecord> readings = task.stored("p-readings");
            assertThat(readings).hasSize(6).allSatisfy(r ->
                    assertThat(JsonRecords.violations(MeterFlowTopics.READINGS, r)).isEmpty());
            assertThat(readings.stream().map(r -> readingKey(json(r))).collect(Collectors.toSet()))
                    .isEqualTo(pushed.stream().map(p -> p.meterId() + "@" + p.capturedAt() + "=" + p.importWh())
                            .collect(Collectors.toSet()));

            final List<SourceRecord> intervals = task.stored("p-intervals");
            assertThat(intervals).allSatisfy(r ->
                    assertThat(JsonRecords.violations(MeterFlowTopics.INTERVALS, r)).isEmpty());
            assertThat(intervals.stream().map(r -> json(r)).map(j -> j.path("meterId").asText() + "@"
                    + j.path("capturedAt").asLong() + "=" + j.path("values").get(0).path("value").asLong())
                    .toList()).containsExactlyInAnyOrderElementsOf(pushed.stream().flatMap(p -> p.rows().stream()
                    .map(row -> p.meterId() + "@" + row.capturedAt() + "=" + row.importWh())).toList());

            final List<SourceRecord> events = task.stored("p-events");
            assertThat(events).hasSize(2).allSatisfy(r -> {
                assertThat(JsonRecords.violations(MeterFlowTopics.EVENTS, r)).isEmpty();
                assertThat(json(r).path("flags").toString()).isEqualTo("[\"POWER_UP\"]");
                assertThat(json(r).path("obis").asText()).isEqualTo("0.0.97.98.0.255");
            });
            assertThat(task.metric("pushes-total", Map.of())).isEqualTo(6.0);
        }
    }

    @Test
    void badPeersGoToTheDeadLetterTopicNamedAndCountedWhileAGoodMeterIsServed() throws Exception {
        final Scenario scenario = scenario(1, 1);
        try (PushTaskHarness task = new PushTaskHarness(props(scenario, Map.of("idle.timeout.ms", "1000",
                "frame.timeout.ms", "1000")))) {
            final String plainId = scenario.meters().get(0).meterId();
            final String cipheredId = scenario.meters().get(1).meterId();

            send(task, "GET / HTTP/1.1\r\nHost: meter\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            send(task, PushApdus.wrapperFrame(new byte[] {0x0F, 0x00, 0x01}));
            send(task, PushApdus.wrapperFrame(PushApdus.dataNotification(1, DataObject.newStructureData(
                    DataObject.newOctetStringData("nobody".getBytes(StandardCharsets.US_ASCII)),
                    DateTimes.encode(1_000)))));
            send(task, PushApdus.wrapperFrame(PushApdus.generalGloCiphering(PushIdentity.systemTitle("stranger"), 1,
                    PushApdus.dataNotification(1, DataObject.newStructureData()), HexFormat.of().parseHex(ENC),
                    HexFormat.of().parseHex(AUTH))));
            send(task, PushApdus.wrapperFrame(PushApdus.generalGloCiphering(PushIdentity.systemTitle(cipheredId), 1,
                    PushApdus.dataNotification(1, DataObject.newStructureData()), HexFormat.of().parseHex(AUTH),
                    HexFormat.of().parseHex(ENC))));
            send(task, PushApdus.wrapperFrame(PushApdus.dataNotification(2, DataObject.newStructureData(
                    DataObject.newOctetStringData(plainId.getBytes(StandardCharsets.US_ASCII))))));
            try (Socket slow = connect(task); Socket idle = connect(task)) {
                slow.getOutputStream().write(new byte[] {0, 1, 0});
                // While two peers hold connections open, a good meter's push is served.
                try (PushFleet fleet = PushFleet.start(scenario.meters().subList(0, 1), System.currentTimeMillis(),
                        options(task).withMaxPushes(1), 1)) {
                    await().atMost(Duration.ofSeconds(20)).until(fleet::done);
                }
                assertThat(slow.getInputStream().read()).as("slow peer cut off").isEqualTo(-1);
                assertThat(idle.getInputStream().read()).as("idle peer cut off").isEqualTo(-1);
            } catch (IOException reset) {
                // a reset is a cut-off too
            }

            final Map<String, String> reasons = Map.of(
                    "MALFORMED_FRAME", "not a DLMS TCP wrapper frame",
                    "MALFORMED_APDU", "does not decode",
                    "UNKNOWN_METER", "no meter nobody",
                    "UNKNOWN_SYSTEM_TITLE", PushIdentity.systemTitleHex("stranger"),
                    "UNAUTHENTICATED", "authentication tag does not match",
                    "OBJECT_LIST_MISMATCH", "1 elements, the push object list 6",
                    "SLOW_FRAME", "frame incomplete",
                    "IDLE_TIMEOUT", "no frame within 1000 ms");
            // generous: one-second idle and frame timeouts run late on a loaded machine
            await().atMost(Duration.ofSeconds(30)).until(() -> task.stored("p-dlq").size() >= reasons.size());
            final Map<String, SourceRecord> byReason = task.stored("p-dlq").stream()
                    .collect(Collectors.toMap(r -> header(r, DeadLetterHeaders.REASON), r -> r));
            assertThat(byReason).containsOnlyKeys(reasons.keySet());
            reasons.forEach((reason, text) -> {
                final SourceRecord letter = byReason.get(reason);
                assertThat(header(letter, DeadLetterHeaders.ERROR)).as(reason).contains(text);
                assertThat(header(letter, DeadLetterHeaders.PEER)).as(reason).startsWith("127.0.0.1:");
                assertThat(header(letter, DeadLetterHeaders.CONNECTOR)).as(reason).isEqualTo("p-push-0");
                assertThat(task.metric("push-rejected-total", Map.of("reason", reason))).as(reason).isEqualTo(1.0);
            });
            assertThat(header(byReason.get("UNKNOWN_SYSTEM_TITLE"), DeadLetterHeaders.SYSTEM_TITLE))
                    .isEqualTo(PushIdentity.systemTitleHex("stranger"));
            assertThat((byte[]) byReason.get("MALFORMED_FRAME").value()).startsWith("GET ".getBytes());
            assertThat(task.stored("p-readings")).hasSize(1);
        }
    }

    @Test
    void aPushIsAcknowledgedOnlyOnceStoredAndItsRetryIsNotStoredAgain() throws Exception {
        final Scenario scenario = scenario(1, 1);
        try (PushTaskHarness task = new PushTaskHarness(props(scenario, Map.of("commit.timeout.ms", "300")))) {
            task.holdBackStoring();
            try (PushFleet fleet = PushFleet.start(scenario.meters().subList(1, 2), System.currentTimeMillis(),
                    options(task).withMaxPushes(2), 1)) {
                final PushingMeter meter = fleet.meters().get(0);
                await().atMost(Duration.ofSeconds(20)).until(() -> meter.failures() >= 2);
                assertThat(meter.acknowledged()).as("nothing acknowledged while Kafka has not stored it").isEmpty();
                assertThat(task.metric("push-unacknowledged-total", Map.of())).isGreaterThanOrEqualTo(2.0);

                task.storeAgain();
                await().atMost(Duration.ofSeconds(20)).until(fleet::done);
                assertThat(task.stored("p-readings")).as("each push once, retries dropped").hasSize(2);
                assertThat(task.stored("p-readings").stream().map(r -> json(r).path("meterTime").asLong()))
                        .containsExactlyElementsOf(meter.acknowledged().stream().map(Push::capturedAt).toList());
                assertThat(task.metric("push-duplicates-total", Map.of())).isGreaterThanOrEqualTo(1.0);
            }
        }
    }

    static Scenario scenario(int plain, int ciphered) {
        return Scenario.parse("""
                seed: 3
                groups:
                  - {idPrefix: plain-, count: %d, protocol: PUSH}
                  - idPrefix: sealed-
                    count: %d
                    protocol: PUSH
                    behaviour: {auth: {mechanism: HLS5_GMAC, authenticationKey: %s, encryptionKey: %s}}
                """.formatted(plain, ciphered, AUTH, ENC), "test");
    }

    static Map<String, String> props(Scenario scenario, Map<String, String> extra) {
        final Map<String, String> props = new HashMap<>();
        props.put("name", "p-push");
        props.put("listen.address", "127.0.0.1");
        props.put("listen.port", "0");
        props.put("meters", scenario.meters().stream().map(m -> m.behaviour().auth().encryptionKey() == null
                ? m.meterId() : m.meterId() + "@" + PushIdentity.systemTitleHex(m.meterId()))
                .collect(Collectors.joining(",")));
        props.put("meter.encryption.key", ENC);
        props.put("meter.authentication.key", AUTH);
        props.put("readings.topic", "p-readings");
        props.put("intervals.topic", "p-intervals");
        props.put("events.topic", "p-events");
        props.put("dlq.topic", "p-dlq");
        props.putAll(extra);
        return props;
    }

    private static PushOptions options(PushTaskHarness task) {
        return PushOptions.to(new InetSocketAddress("127.0.0.1", task.port()))
                .withInterval(Duration.ofMillis(300), Duration.ofMillis(100));
    }

    /** Sends {@code bytes} and waits until the listener ends the connection. */
    private static void send(PushTaskHarness task, byte[] bytes) throws IOException {
        try (Socket socket = connect(task)) {
            final OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            final InputStream in = socket.getInputStream();
            try {
                assertThat(in.read()).as("no acknowledgement for a rejected push").isEqualTo(-1);
            } catch (IOException reset) {
                // reset: rejected
            }
        }
    }

    private static Socket connect(PushTaskHarness task) throws IOException {
        final Socket socket = new Socket("127.0.0.1", task.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String header(SourceRecord record, String name) {
        return StreamSupport.stream(record.headers().spliterator(), false).filter(h -> h.key().equals(name))
                .map(Header::value).map(String::valueOf).findFirst().orElse(null);
    }

    private static String readingKey(JsonNode reading) {
        final JsonNode energy = StreamSupport.stream(reading.path("values").spliterator(), false)
                .filter(v -> v.path("obis").asText().equals("1.0.1.8.0.255")).findFirst().orElseThrow();
        return reading.path("meterId").asText() + "@" + reading.path("meterTime").asLong() + "="
                + energy.path("value").asLong();
    }

    private static JsonNode json(SourceRecord record) {
        try {
            return JSON.readTree(JsonRecords.json(record));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
