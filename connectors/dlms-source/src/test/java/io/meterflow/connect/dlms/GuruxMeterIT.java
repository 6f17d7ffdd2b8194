package io.meterflow.connect.dlms;

import io.meterflow.schema.Interval;
import io.meterflow.schema.MeterValue;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingStatus;
import io.meterflow.schema.topic.MeterFlowTopics;
import org.junit.jupiter.api.Test;

import org.openmuc.jdlms.AccessResultCode;
import org.openmuc.jdlms.AttributeAddress;
import org.openmuc.jdlms.AuthenticationMechanism;
import org.openmuc.jdlms.DlmsConnection;
import org.openmuc.jdlms.ObisCode;
import org.openmuc.jdlms.SecuritySuite;
import org.openmuc.jdlms.TcpConnectionBuilder;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Interoperability with a meter built on a DLMS stack nobody on the team wrote: Gurux DLMS for Java (interop/gurux-peer,
 * in its own JVM, local time Europe/Berlin), polled by the packaged polling task. The Gurux meter enforces IDIS replay
 * protection (no ciphered APDU, the AARQ included, whose invocation counter is not above the last it accepted from the
 * client, across connections) and says on stdout what it holds and every counter it accepted or rejected.
 */
class GuruxMeterIT {

    private static final String AUTH_KEY = "5e1f0a2b3c4d5e6f708192a3b4c5d6e7";
    private static final String ENC_KEY = "a7b6c5d4e3f201f0e1d2c3b4a5968778";
    /** The Gurux meter's unit codes (DLMS unit enumeration) as the connector's records name them. */
    private static final Map<Integer, String> UNITS = Map.of(27, "W", 30, "Wh", 33, "A", 35, "V");
    private static final int READINGS_PER_PHASE = 3;

    @Test
    void hls5OverTheWrapperStaysAcceptedByTheReplayProtectedGuruxMeterAcrossCyclesAndATaskRestart() throws Exception {
        // The meter has accepted counters up to 5,000 before: a client starting at 1 would be rejected.
        try (GuruxMeterProcess meter = GuruxMeterProcess.start("Europe/Berlin", log("wrapper-hls5"),
                "--auth", "HIGH_GMAC", "--client", "1", "--block-cipher-key", ENC_KEY, "--authentication-key", AUTH_KEY,
                "--capture-period-s", "2", "--history", "10", "--initial-counter", "5000")) {
            final Map<String, String> config = config("gurux-w1@127.0.0.1:" + meter.port(), Map.of(
                    "meter.auth.mechanism", "HLS5_GMAC", "meter.client.id", "1",
                    "meter.authentication.key", AUTH_KEY, "meter.encryption.key", ENC_KEY));
            pollRestartAndPollAgain(meter, config);
        }
    }

    @Test
    void hls5OverHdlcStaysAcceptedByTheReplayProtectedGuruxMeterAcrossCyclesAndATaskRestart() throws Exception {
        try (GuruxMeterProcess meter = GuruxMeterProcess.start("Europe/Berlin", log("hdlc-hls5"),
                "--transport", "HDLC", "--physical-address", "17", "--hdlc-max-info", "256",
                "--auth", "HIGH_GMAC", "--client", "1", "--block-cipher-key", ENC_KEY, "--authentication-key", AUTH_KEY,
                "--capture-period-s", "2", "--history", "80", "--initial-counter", "5000")) {
            // 80 rows of the last 160 s in the first read: about 2 KB, more than the meter's 1,024-byte PDU (Gurux
            // answers in blocks) and than its 256-byte HDLC field (in segments).
            final Map<String, String> config = config("gurux-h1@127.0.0.1:" + meter.port() + "/17", Map.of(
                    "meter.transport", "HDLC", "meter.auth.mechanism", "HLS5_GMAC", "meter.client.id", "1",
                    "meter.authentication.key", AUTH_KEY, "meter.encryption.key", ENC_KEY,
                    "profile.initial.lookback.ms", "160000"));
            pollRestartAndPollAgain(meter, config);
        }
    }

    @Test
    void lowOverHdlcWithGuruxsDefault128ByteFieldsAndHls5ThatCannotFitItsAarqIntoThem() throws Exception {
        try (GuruxMeterProcess low = GuruxMeterProcess.start("UTC", log("hdlc-low-128"),
                "--transport", "HDLC", "--physical-address", "18", "--auth", "LOW", "--client", "17",
                "--password", "gurux-pw", "--capture-period-s", "2", "--history", "60", "--trace", "true");
             GuruxMeterProcess hls = GuruxMeterProcess.start("UTC", log("hdlc-hls5-128"),
                "--transport", "HDLC", "--physical-address", "19", "--auth", "HIGH_GMAC", "--client", "1",
                "--block-cipher-key", ENC_KEY, "--authentication-key", AUTH_KEY)) {
            final Map<String, String> lowConfig = config("gurux-h2@127.0.0.1:" + low.port() + "/18", Map.of(
                    "meter.transport", "HDLC", "meter.auth.mechanism", "LOW", "meter.client.id", "17",
                    "meter.password", "gurux-pw", "profile.initial.lookback.ms", "120000"));
            try (TaskHarness task = new TaskHarness(taskProps(lowConfig), Map.of())) {
                await("readings and rows").atMost(Duration.ofSeconds(20))
                        .until(() -> readings(task).size() >= 2 && !intervals(task).isEmpty());
                task.stopTask();
                assertReadingsAreWhatTheMeterHolds(low, readings(task));
                assertRowsAreWhatTheMeterHolds(low, intervals(task));
                assertThat(intervals(task)).hasSizeGreaterThanOrEqualTo(60);
            }
            // 60 rows (about 1.4 KB) exceed the meter's 1,024-byte PDU: Gurux sent them in blocks
            // (get-response-with-datablock), each block in 128-byte HDLC segments, and the connector read them all.
            assertThat(low.lines()).anyMatch(line -> line.startsWith("tx ") && line.contains("e6e700c402"));
            final Map<String, String> hlsConfig = config("gurux-h3@127.0.0.1:" + hls.port() + "/19", Map.of(
                    "meter.transport", "HDLC", "meter.auth.mechanism", "HLS5_GMAC", "meter.client.id", "1",
                    "meter.authentication.key", AUTH_KEY, "meter.encryption.key", ENC_KEY, "profile.enabled", "false"));
            try (TaskHarness task = new TaskHarness(taskProps(hlsConfig), Map.of())) {
                await("readings").atMost(Duration.ofSeconds(20)).until(() -> !readings(task).isEmpty());
                task.stopTask();
                assertThat(readings(task)).allSatisfy(r -> {
                    assertThat(r.status()).isEqualTo(ReadingStatus.PROTOCOL_ERROR);
                    assertThat(r.error()).contains("gurux-h3", "at most 128 bytes");
                });
            }
        }
    }

    @Test
    void aCounterAnotherClientMovedOnIsResyncedWithinTheCycleAndWrongKeysAreAuthFailedNamingTheDecipheringError()
            throws Exception {
        try (GuruxMeterProcess meter = GuruxMeterProcess.start("Europe/Berlin", log("wrapper-resync"),
                "--auth", "HIGH_GMAC", "--client", "1", "--block-cipher-key", ENC_KEY, "--authentication-key", AUTH_KEY)) {
            final Map<String, String> config = config("gurux-w2@127.0.0.1:" + meter.port(), Map.of(
                    "meter.auth.mechanism", "HLS5_GMAC", "meter.client.id", "1", "profile.enabled", "false",
                    "meter.authentication.key", AUTH_KEY, "meter.encryption.key", ENC_KEY));
            try (TaskHarness task = new TaskHarness(taskProps(config), Map.of())) {
                await("first readings").atMost(Duration.ofSeconds(20)).until(() -> readings(task).size() >= 2);
                // Another head-end uses client 1 with a far higher counter between two of our cycles: Gurux answers
                // our next AARQ with an exception-response deciphering-error.
                otherHeadEnd(meter.port(), 900_000);
                final int before = readings(task).size();
                await("readings after the other head-end").atMost(Duration.ofSeconds(20))
                        .until(() -> readings(task).size() >= before + 3);
                task.stopTask();
                assertThat(meter.counterDecisions()).as("%s", meter.lines()).contains("rejected");
                assertThat(readings(task)).as("no cycle failed: the rejection was resynced within its cycle")
                        .allSatisfy(r -> assertThat(r.status()).as("%s", r.error()).isEqualTo(ReadingStatus.OK));
                assertThat(task.metric("invocation-counter-resyncs-total", Map.of())).isGreaterThanOrEqualTo(1.0);
            }

            // The same answer to wrong keys: resynced once, then AUTH_FAILED saying what the meter answered.
            final int decisionsBefore = meter.counterDecisions().size();
            final String otherKey = "00112233445566778899aabbccddeeff";
            final Map<String, String> wrongKeys = new HashMap<>(config);
            wrongKeys.put("meter.authentication.key", otherKey);
            wrongKeys.put("meter.encryption.key", otherKey);
            try (TaskHarness task = new TaskHarness(taskProps(wrongKeys), Map.of())) {
                await("readings with wrong keys").atMost(Duration.ofSeconds(20)).until(() -> !readings(task).isEmpty());
                task.stopTask();
                assertThat(readings(task)).allSatisfy(r -> {
                    assertThat(r.status()).isEqualTo(ReadingStatus.AUTH_FAILED);
                    assertThat(r.error()).contains("gurux-w2", "deciphering-error", "keys").doesNotContain(otherKey);
                });
            }
            assertThat(meter.counterDecisions().subList(decisionsBefore, meter.counterDecisions().size()))
                    .as("%s", meter.lines()).isNotEmpty().containsOnly("rejected");
        }
    }

    /** A head-end that is not MeterFlow: one association of client 1 with counters from {@code counter} on. */
    private static void otherHeadEnd(int port, long counter) throws IOException {
        try (DlmsConnection connection = new TcpConnectionBuilder(InetAddress.getLoopbackAddress()).setPort(port)
                .setClientId(1).setLogicalDeviceId(1).setFrameCounter(counter)
                .setSecuritySuite(SecuritySuite.builder()
                        .setAuthenticationMechanism(AuthenticationMechanism.HLS5_GMAC)
                        .setEncryptionMechanism(SecuritySuite.EncryptionMechanism.AES_GCM_128)
                        .setAuthenticationKey(HexFormat.of().parseHex(AUTH_KEY))
                        .setGlobalUnicastEncryptionKey(HexFormat.of().parseHex(ENC_KEY)).build()).build()) {
            assertThat(connection.get(new AttributeAddress(8, new ObisCode("0.0.1.0.0.255"), 2)).getResultCode())
                    .isEqualTo(AccessResultCode.SUCCESS);
        }
    }

    /**
     * Every cycle is a new association. A first task reads the meter's counter object and polls; a second one starts
     * from the first one's source offsets without reading the counter object, so only the stored counter keeps its
     * first AARQ above what the meter accepted. No cycle may fail and the meter must never reject a counter.
     */
    private static void pollRestartAndPollAgain(GuruxMeterProcess meter, Map<String, String> config)
            throws Exception {
        final Map<Map<String, Object>, Map<String, Object>> offsets = new HashMap<>();
        try (TaskHarness first = new TaskHarness(taskProps(config), Map.of())) {
            await("readings and rows from the first task").atMost(Duration.ofSeconds(20))
                    .until(() -> readings(first).size() >= READINGS_PER_PHASE && !intervals(first).isEmpty());
            first.stopTask();
            assertReadingsAreWhatTheMeterHolds(meter, readings(first));
            final long lookback = Long.parseLong(config.getOrDefault("profile.initial.lookback.ms", "0"));
            assertThat(intervals(first).get(0).capturedAt()).as("the first row read is the first of the lookback")
                    .isLessThanOrEqualTo(readings(first).get(0).collectedAt() - lookback + 2_000);
            assertRowsAreWhatTheMeterHolds(meter, intervals(first));
            assertSchemaValid(first);
            first.records().forEach(r -> offsets.put(new HashMap<>(r.sourcePartition()),
                    new HashMap<>(r.sourceOffset())));
        }
        final int acceptedByFirst = meter.counterDecisions().size();
        assertThat(acceptedByFirst).as("counters the meter accepted from the first task").isGreaterThanOrEqualTo(
                READINGS_PER_PHASE);
        final Map<String, String> restarted = new HashMap<>(config);
        restarted.put("meter.invocation.counter.obis", "");
        try (TaskHarness second = new TaskHarness(taskProps(restarted), offsets)) {
            await("readings from the restarted task").atMost(Duration.ofSeconds(20))
                    .until(() -> readings(second).size() >= READINGS_PER_PHASE && !intervals(second).isEmpty());
            second.stopTask();
            assertReadingsAreWhatTheMeterHolds(meter, readings(second));
            assertSchemaValid(second);
            final long lastBefore = offsets.entrySet().stream()
                    .filter(e -> "1.0.99.1.0.255".equals(e.getKey().get("profile")))
                    .map(e -> ((Number) e.getValue().get("capturedAt")).longValue()).findFirst().orElseThrow();
            assertThat(intervals(second).get(0).capturedAt()).as("the restarted task goes on after the stored row")
                    .isEqualTo(lastBefore + 2_000);
            assertRowsAreWhatTheMeterHolds(meter, intervals(second));
        }
        assertThat(meter.counterDecisions()).as("the meter's counter decisions: %s", meter.lines())
                .hasSizeGreaterThanOrEqualTo(acceptedByFirst + READINGS_PER_PHASE)
                .containsOnly("accepted");
    }

    private static void assertReadingsAreWhatTheMeterHolds(GuruxMeterProcess meter, List<Reading> readings) {
        final Map<String, GuruxMeterProcess.Register> held = meter.registers();
        assertThat(held).hasSize(5);
        assertThat(readings).allSatisfy(reading -> {
            assertThat(reading.status()).as("%s", reading.error()).isEqualTo(ReadingStatus.OK);
            assertThat(reading.values()).extracting(MeterValue::obis).containsExactlyInAnyOrderElementsOf(held.keySet());
            for (MeterValue value : reading.values()) {
                final GuruxMeterProcess.Register register = held.get(value.obis());
                assertThat(value.value()).as(value.obis())
                        .isEqualTo(BigDecimal.valueOf(register.raw()).scaleByPowerOfTen(register.scaler()).doubleValue());
                assertThat(value.unit()).as(value.obis()).isEqualTo(UNITS.get(register.unit()));
            }
            // The meter's clock is this machine's, in Berlin time with its deviation: read right, it is now.
            assertThat(reading.meterTime()).as("meter time").isCloseTo(reading.collectedAt(), org.assertj.core.api
                    .Assertions.within(3_000L));
        });
    }

    private static void assertRowsAreWhatTheMeterHolds(GuruxMeterProcess meter, List<Interval> intervals) {
        final Map<Long, GuruxMeterProcess.Row> held = meter.rows();
        final GuruxMeterProcess.Register energy = meter.registers().get("1.0.1.8.0.255");
        final long first = intervals.get(0).capturedAt();
        final long last = intervals.get(intervals.size() - 1).capturedAt();
        assertThat(intervals).extracting(Interval::capturedAt).as("every row the meter holds in between, in order")
                .containsExactlyElementsOf(held.keySet().stream().filter(t -> t >= first && t <= last).sorted()
                        .toList());
        assertThat(intervals).allSatisfy(interval -> {
            final GuruxMeterProcess.Row row = held.get(interval.capturedAt());
            assertThat(interval.statusFlags()).isEqualTo(row.status());
            assertThat(interval.values()).containsExactly(new MeterValue("1.0.1.8.0.255",
                    BigDecimal.valueOf(row.energy()).scaleByPowerOfTen(energy.scaler()).doubleValue(), "Wh"));
        });
    }

    private static List<Reading> readings(TaskHarness task) {
        return task.records("gi-readings").stream().map(JsonRecords::reading).toList();
    }

    private static List<Interval> intervals(TaskHarness task) {
        return task.records("gi-intervals").stream().map(JsonRecords::interval).toList();
    }

    private static Map<String, String> config(String meters, Map<String, String> meterSettings) {
        final Map<String, String> config = new HashMap<>();
        config.put("connector.class", DlmsSourceConnector.class.getName());
        config.put("meters", meters);
        config.put("poll.interval.ms", "500");
        config.put("association.keep.open", "false");
        // A loaded build machine and a cold Gurux JVM: the meter's first answers can take seconds.
        config.put("response.timeout.ms", "10000");
        config.put("profile.read.interval.ms", "0");
        config.put("profile.initial.lookback.ms", "10000");
        config.put("readings.topic", "gi-readings");
        config.put("intervals.topic", "gi-intervals");
        config.put("value.converter", DlmsSourceConnector.VALUE_CONVERTER);
        config.putAll(meterSettings);
        return config;
    }

    /** The task config the connector hands out, as a worker would pass it. */
    private static Map<String, String> taskProps(Map<String, String> config) {
        final DlmsSourceConnector connector = new DlmsSourceConnector();
        connector.start(config);
        try {
            return connector.taskConfigs(1).get(0);
        } finally {
            connector.stop();
        }
    }

    private static Path log(String name) {
        return Path.of("target", "gurux-meter-" + name + ".log");
    }

    private static void assertSchemaValid(TaskHarness task) {
        assertThat(task.records("gi-readings")).allSatisfy(r ->
                assertThat(JsonRecords.violations(MeterFlowTopics.READINGS, r)).isEmpty());
        assertThat(task.records("gi-intervals")).allSatisfy(r ->
                assertThat(JsonRecords.violations(MeterFlowTopics.INTERVALS, r)).isEmpty());
    }
}
