package io.meterflow.connect.dlms.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterflow.connect.dlms.JsonRecords;
import io.meterflow.connect.dlms.push.GuruxPushPeer.Pushed;
import io.meterflow.connect.dlms.push.mapping.PushObjectList;
import io.meterflow.schema.topic.MeterFlowTopics;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Interoperability with a DLMS stack nobody on the team wrote: pushes built by Gurux DLMS for Java (its
 * GXDLMSSecureNotify turning a GXDLMSPushSetup into wrapper frames, run as a child JVM) reach the push task on a
 * real port and become what the meter sent, plain and ciphered (0x30 and 0x10), in a zone with daylight saving.
 */
class GuruxPushIT {

    private static final String ENC = "000102030405060708090a0b0c0d0e0f";
    private static final String AUTH = "0f0e0d0c0b0a09080706050403020100";
    private static final long PERIOD_MS = 900_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void plainGuruxPushesBecomeReadingsIntervalsAndEventsAndARetriedPushIsADuplicate() throws Exception {
        try (PushTaskHarness task = new PushTaskHarness(props("GRX-PLAIN", PushObjectList.DEFAULT))) {
            final List<Pushed> pushed = GuruxPushPeer.run(task.port(), "--ldn", "GRX-PLAIN", "--pushes", "3",
                    "--alarm-every", "2", "--resend", "3", "--first-capture-ms", Long.toString(firstCapture()),
                    "--period-ms", Long.toString(PERIOD_MS));

            assertThat(pushed).extracting(Pushed::result).containsExactly("ACK", "ACK", "ACK", "ACK");
            assertStored(task, "GRX-PLAIN", pushed.subList(0, 3));
            assertThat(task.metric("push-duplicates-total", Map.of())).as("the re-sent push 3").isEqualTo(1.0);
        }
    }

    @Test
    void cipheredGuruxPushesAuthenticatedAndEncryptedOrOnlyAuthenticatedAreReadAndWrongKeysAreUnauthenticated()
            throws Exception {
        try (PushTaskHarness task = new PushTaskHarness(props("GRX-SEALED@4752580000000001,"
                + "GRX-SIGNED@4752580000000002,GRX-FORGED@4752580000000006", PushObjectList.DEFAULT))) {
            // Three meters at once, as meters push: each peer JVM takes a while to start.
            final GuruxPushPeer.Running sealedPeer = GuruxPushPeer.start(task.port(), "--system-title",
                    "4752580000000001", "--security", "AUTHENTICATION_ENCRYPTION", "--ic", "4000000000",
                    "--pushes", "2", "--alarm-every", "1", "--first-capture-ms", Long.toString(firstCapture()));
            // Captured in summer: Gurux writes deviation -180 and the daylight-saving status bit.
            final GuruxPushPeer.Running signedPeer = GuruxPushPeer.start(task.port(), "--system-title",
                    "4752580000000002", "--security", "AUTHENTICATION", "--pushes", "2", "--first-capture-ms",
                    "1751360400000");
            // Another system title than the sealed meter's, so its rejection cannot reset the sealed meter's pushes.
            final GuruxPushPeer.Running forgedPeer = GuruxPushPeer.start(task.port(), "--system-title",
                    "4752580000000006", "--security", "AUTHENTICATION_ENCRYPTION", "--ek", AUTH, "--ak", ENC,
                    "--pushes", "1");
            final List<Pushed> sealed = sealedPeer.pushes();
            final List<Pushed> signed = signedPeer.pushes();
            final List<Pushed> forged = forgedPeer.pushes();

            assertThat(sealed).extracting(p -> securityControl(p.bytes())).containsOnly(0x30);
            assertThat(signed).extracting(p -> securityControl(p.bytes())).containsOnly(0x10);
            assertThat(sealed).extracting(Pushed::invocationCounter).containsExactly("4000000000", "4000000001");
            assertThat(sealed).extracting(Pushed::result).containsOnly("ACK");
            assertThat(signed).extracting(Pushed::result).containsOnly("ACK");
            assertStored(task, "GRX-SEALED", sealed);
            assertStored(task, "GRX-SIGNED", signed);

            assertThat(forged).extracting(Pushed::result).containsExactly("RESET");
            await().atMost(Duration.ofSeconds(10)).until(() -> task.stored("g-dlq").size() == 1);
            final SourceRecord letter = task.stored("g-dlq").get(0);
            assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("UNAUTHENTICATED");
            assertThat(header(letter, DeadLetterHeaders.SYSTEM_TITLE)).isEqualTo("4752580000000006");
            assertThat((byte[]) letter.value()).isEqualTo(forged.get(0).bytes());
        }
    }

    @Test
    void aGuruxPushSetupThatSendsItsLogicalNameOrItsPushObjectListFirstIsRead() throws Exception {
        try (PushTaskHarness task = new PushTaskHarness(props("GRX-SETUP@4752580000000003,"
                + "GRX-SELF@4752580000000004,GRX-PLAIN-SETUP", "0.7.25.9.0.255," + PushObjectList.DEFAULT))) {
            // A plain one is named by the logical device name after its push setup's logical name.
            final GuruxPushPeer.Running plainPeer = GuruxPushPeer.start(task.port(), "--ldn", "GRX-PLAIN-SETUP",
                    "--layout", "PUSH_SETUP_FIRST", "--pushes", "2", "--first-capture-ms",
                    Long.toString(firstCapture()));
            final GuruxPushPeer.Running namedPeer = GuruxPushPeer.start(task.port(), "--system-title",
                    "4752580000000003", "--security", "AUTHENTICATION_ENCRYPTION", "--layout", "PUSH_SETUP_FIRST",
                    "--pushes", "2", "--alarm-every", "2", "--date-time", "false", "--first-capture-ms",
                    Long.toString(firstCapture()));
            final GuruxPushPeer.Running describedPeer = GuruxPushPeer.start(task.port(), "--system-title",
                    "4752580000000004", "--security", "AUTHENTICATION_ENCRYPTION", "--layout", "SELF_DESCRIBING",
                    "--pushes", "2", "--first-capture-ms", Long.toString(firstCapture()));
            final List<Pushed> named = namedPeer.pushes();
            final List<Pushed> described = describedPeer.pushes();
            final List<Pushed> plain = plainPeer.pushes();

            assertThat(named).extracting(Pushed::result).containsOnly("ACK");
            assertThat(described).extracting(Pushed::result).containsOnly("ACK");
            assertStored(task, "GRX-SETUP", named);
            assertStored(task, "GRX-SELF", described);
            assertThat(plain).extracting(Pushed::result).containsOnly("ACK");
            assertStored(task, "GRX-PLAIN-SETUP", plain);
        }
    }

    @Test
    void aGuruxPushInGeneralBlockTransferBlocksIsAnUnsupportedApduNamedAsSuch() throws Exception {
        try (PushTaskHarness task = new PushTaskHarness(props("GRX-BLOCKS@4752580000000005",
                PushObjectList.DEFAULT))) {
            final List<Pushed> pushed = GuruxPushPeer.run(task.port(), "--system-title", "4752580000000005",
                    "--security", "AUTHENTICATION_ENCRYPTION", "--max-pdu", "128", "--rows", "8", "--pushes", "1");

            assertThat(pushed).extracting(Pushed::result).containsExactly("RESET");
            assertThat(pushed.get(0).bytes()[8] & 0xff).as("general-block-transfer").isEqualTo(0xE0);
            await().atMost(Duration.ofSeconds(10)).until(() -> task.stored("g-dlq").size() == 1);
            final SourceRecord letter = task.stored("g-dlq").get(0);
            assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("UNSUPPORTED_APDU");
            assertThat(header(letter, DeadLetterHeaders.ERROR)).contains("general-block-transfer");
            assertThat(task.stored("g-readings")).isEmpty();
        }
    }

    /** Every push's reading, profile row and (when set) alarm, with the values and capture time the peer sent. */
    private static void assertStored(PushTaskHarness task, String meterId, List<Pushed> pushed) {
        await().atMost(Duration.ofSeconds(10)).until(() -> readings(task, meterId).size() >= pushed.size());
        final List<JsonNode> readings = readings(task, meterId);
        assertThat(readings).extracting(r -> r.path("meterTime").asLong() + ":" + value(r, "1.0.1.8.0.255") + ":"
                        + value(r, "1.0.2.8.0.255"))
                .containsExactlyElementsOf(pushed.stream().map(p -> p.capturedAt() + ":" + (double) p.importWh() + ":"
                        + (double) p.exportWh()).toList());
        assertThat(task.stored("g-readings")).allSatisfy(r ->
                assertThat(JsonRecords.violations(MeterFlowTopics.READINGS, r)).isEmpty());
        assertThat(of(task, "g-intervals", meterId)).extracting(r -> r.path("capturedAt").asLong() + ":"
                        + r.path("values").get(0).path("value").asDouble())
                .containsExactlyElementsOf(pushed.stream().map(p -> p.capturedAt() + ":" + (double) p.importWh())
                        .toList());
        assertThat(of(task, "g-events", meterId)).extracting(r -> r.path("at").asLong() + ":" + r.path("obis").asText()
                        + ":" + r.path("flags"))
                .containsExactlyElementsOf(pushed.stream().filter(p -> p.alarm() != 0)
                        .map(p -> p.capturedAt() + ":0.0.97.98.0.255:[\"POWER_UP\"]").toList());
    }

    private static List<JsonNode> readings(PushTaskHarness task, String meterId) {
        return of(task, "g-readings", meterId);
    }

    private static List<JsonNode> of(PushTaskHarness task, String topic, String meterId) {
        return task.stored(topic).stream().map(GuruxPushIT::json)
                .filter(j -> j.path("meterId").asText().equals(meterId)).toList();
    }

    private static double value(JsonNode reading, String obis) {
        return StreamSupport.stream(reading.path("values").spliterator(), false)
                .filter(v -> v.path("obis").asText().equals(obis)).findFirst().orElseThrow()
                .path("value").asDouble();
    }

    /** The security control byte of a general-glo-ciphering frame: after wrapper header, tag, system title, length. */
    private static int securityControl(byte[] frame) {
        assertThat(frame[8] & 0xff).as("general-glo-ciphering").isEqualTo(0xDB);
        final int length = frame[18] & 0xff;
        return frame[19 + (length > 0x80 ? length - 0x80 : 0)] & 0xff;
    }

    /** Capture times on whole seconds, an hour back: the meter's clock as Gurux encodes it. */
    private static long firstCapture() {
        return System.currentTimeMillis() / 1_000 * 1_000 - 3_600_000;
    }

    private static Map<String, String> props(String meters, String objectList) {
        final Map<String, String> props = new HashMap<>();
        props.put("name", "g-push");
        props.put("listen.address", "127.0.0.1");
        props.put("listen.port", "0");
        props.put("meters", meters);
        props.put("meter.encryption.key", ENC);
        props.put("meter.authentication.key", AUTH);
        props.put("push.object.list", objectList);
        props.put("readings.topic", "g-readings");
        props.put("intervals.topic", "g-intervals");
        props.put("events.topic", "g-events");
        props.put("dlq.topic", "g-dlq");
        return props;
    }

    private static String header(SourceRecord record, String name) {
        return StreamSupport.stream(record.headers().spliterator(), false).filter(h -> h.key().equals(name))
                .map(Header::value).map(String::valueOf).findFirst().orElse(null);
    }

    private static JsonNode json(SourceRecord record) {
        try {
            return JSON.readTree(JsonRecords.json(record));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
