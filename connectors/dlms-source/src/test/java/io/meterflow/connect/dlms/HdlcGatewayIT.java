package io.meterflow.connect.dlms;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.kafka.embedded.EmbeddedConnectWorker;
import io.meterflow.schema.Interval;
import io.meterflow.schema.MeterValue;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingStatus;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.schema.validation.SchemaValidator;
import io.meterflow.simulator.dlms.DlmsFleet;
import io.meterflow.simulator.dlms.DlmsFleetOptions;
import io.meterflow.simulator.dlms.DlmsMeterEndpoint;
import io.meterflow.simulator.scenario.Scenario;
import io.meterflow.testing.connect.ConnectWorkerProcess;
import io.meterflow.testing.kafka.KafkaExtension;
import io.meterflow.testing.kafka.KafkaTestCluster;
import io.meterflow.testing.kafka.TopicRecords;
import io.meterflow.testing.postgres.PostgresExtension;
import io.meterflow.testing.postgres.TestDatabase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DLMS meters behind serial-to-TCP gateways (HDLC, IEC 62056-46), polled by the packaged plugin on a real Connect
 * worker in a child JVM: 20 meters behind 4 gateways (every authentication, 1- and 2-byte lower addresses, a meter
 * field of 128 bytes so long answers come in segments) give the register values and load-profile rows the simulated
 * meters hold, HLS5 meters stay OK across their re-associations, a gateway's meters stay in one task; a dead meter
 * behind a gateway costs its neighbours at most one response timeout.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class HdlcGatewayIT {

    private static final Path PLUGIN_PATH = Path.of("target", "plugin").toAbsolutePath();
    private static final String OWN_CLASSES = Path.of("target", "classes").toAbsolutePath().toString();
    private static final Predicate<String> NOT_THE_PLUGIN = entry -> entry.equals(OWN_CLASSES);
    private static final SchemaValidator VALIDATOR = new SchemaValidator();
    private static final String CONNECTOR = DlmsSourceConnector.class.getName();
    private static final String KEYS = "authenticationKey: 000102030405060708090a0b0c0d0e0f, "
            + "encryptionKey: 0f0e0d0c0b0a09080706050403020100";
    private static final List<String> ENERGY = List.of("1.0.1.8.0.255", "1.0.2.8.0.255");

    @Test
    void twentyMetersBehindFourGatewaysGiveTheValuesAndRowsTheMetersHold(KafkaTestCluster kafka, TestDatabase db)
            throws Exception {
        kafka.createTopics(1, "h1-readings", "h1-intervals");
        final String scenario = """
                seed: 11
                groups:
                  - {idPrefix: gw1-none-, count: 5, protocol: DLMS, hdlc: {gateway: gw1, maxInfoLength: 128}}
                  - {idPrefix: gw2-lls-, count: 5, protocol: DLMS, hdlc: {gateway: gw2},
                     behaviour: {auth: {mechanism: LOW, password: gw2-secret}}}
                  - {idPrefix: gw3-hls-, count: 5, protocol: DLMS, hdlc: {gateway: gw3},
                     behaviour: {auth: {mechanism: HLS5_GMAC, %1$s}}}
                  - {idPrefix: gw4-far-, count: 3, protocol: DLMS, hdlc: {gateway: gw4, firstAddress: 300}}
                  - {idPrefix: gw4-hls-, count: 2, protocol: DLMS, hdlc: {gateway: gw4, maxInfoLength: 512},
                     behaviour: {auth: {mechanism: HLS5_GMAC, %1$s}}}
                  - {idPrefix: gw4-tiny-, count: 1, protocol: DLMS, hdlc: {gateway: gw4, maxInfoLength: 128},
                     behaviour: {auth: {mechanism: HLS5_GMAC, %1$s}}}
                """.formatted(KEYS);
        final Inventory inventory = Inventory.migrate(db);
        try (DlmsFleet fleet = DlmsFleet.start(Scenario.parse(scenario, "it").meters(), System.currentTimeMillis(),
                DlmsFleetOptions.DEFAULTS.withCapturePeriod(Duration.ofSeconds(1)).withProfileHistoryRows(600));
             ConnectWorkerProcess worker = ConnectWorkerProcess.start(worker(kafka, "hdlc-1"), NOT_THE_PLUGIN,
                     Path.of("target", "worker-hdlc-1.log"))) {
            inventory.upsert(fleet.endpoints());
            final List<String> polled = fleet.endpoints().stream().map(DlmsMeterEndpoint::meterId)
                    .filter(id -> !id.startsWith("gw4-tiny-")).toList();
            assertThat(polled).hasSize(20);
            assertThat(fleet.gateways()).hasSize(4);
            worker.rest().putConnector("hdlc-1", config("connector.class", CONNECTOR, "tasks.max", "2",
                    "meters.source", "INVENTORY", "inventory.jdbc.url", db.jdbcUrl(), "inventory.jdbc.user", db.user(),
                    "poll.interval.ms", "3000", "response.timeout.ms", "3000", "profile.read.interval.ms", "0",
                    "profile.initial.lookback.ms", "15000", "readings.topic", "h1-readings",
                    "intervals.topic", "h1-intervals", "value.converter", DlmsSourceConnector.VALUE_CONVERTER));
            worker.rest().awaitRunning("hdlc-1", 2, Duration.ofSeconds(90));

            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                final Map<String, List<Reading>> readings = readings(kafka, "h1-readings");
                return polled.stream().allMatch(id -> readings.getOrDefault(id, List.of()).stream()
                        .filter(r -> r.status() == ReadingStatus.OK).count() >= 4);
            });
            final Map<String, List<Reading>> readings = readings(kafka, "h1-readings");
            final List<Interval> rows = TopicRecords.readAll(kafka, "h1-intervals", new StringDeserializer(),
                    new StringDeserializer()).stream().peek(r -> assertThat(VALIDATOR.validate(MeterFlowTopics.INTERVALS,
                    r.value())).isEmpty()).map(r -> interval(r.value())).toList();

            for (String meterId : polled) {
                assertThat(readings.get(meterId)).as("readings of %s", meterId)
                        .allSatisfy(r -> assertThat(r.status()).isEqualTo(ReadingStatus.OK));
                for (Reading reading : readings.get(meterId)) {
                    assertThatValuesAreTheMeters(fleet, reading);
                }
                final List<Interval> own = rows.stream().filter(r -> r.meterId().equals(meterId)).toList();
                assertThat(own).as("load profile of %s", meterId).hasSizeGreaterThanOrEqualTo(15);
                assertThat(own).extracting(Interval::capturedAt).isSorted().doesNotHaveDuplicates()
                        .satisfies(times -> assertThat(times.get(times.size() - 1) - times.get(0))
                                .as("rows of %s without a gap", meterId).isEqualTo((times.size() - 1) * 1_000L));
                for (Interval row : own) {
                    final Map<String, BigDecimal> held = fleet.profileRow(meterId, row.capturedAt()).orElseThrow();
                    for (String obis : ENERGY) {
                        assertThat(value(row.values(), obis)).as("%s row %d %s", meterId, row.capturedAt(), obis)
                                .isEqualTo(held.get(obis).doubleValue());
                    }
                }
                // HDLC associations are never kept: every cycle a new link (SNRM/UA), HLS5 ones a new counter.
                assertThat(fleet.connectionsAccepted().get(meterId)).as("links of %s", meterId)
                        .isGreaterThanOrEqualTo(readings.get(meterId).size());
            }
            for (String hls : polled.stream().filter(id -> id.contains("-hls-")).toList()) {
                // AARQ, HLS pass 3 and at least one GET each cycle, never a counter twice: every cycle was OK.
                assertThat(fleet.lastInvocationCounter(hls).orElse(0)).as("invocation counter of %s", hls)
                        .isGreaterThanOrEqualTo(3L * readings.get(hls).size());
            }
            assertThat(readings.get("gw4-tiny-0001")).as("an HLS5 meter whose field cannot hold the AARQ")
                    .isNotEmpty().allSatisfy(r -> {
                        assertThat(r.status()).isEqualTo(ReadingStatus.PROTOCOL_ERROR);
                        assertThat(r.error()).contains("gw4-tiny-0001", "at most 128 bytes",
                                "cannot send a request in segments");
                    });
            assertThatEachGatewayIsInOneTask(worker.rest().send("GET", "/connectors/hdlc-1/tasks", null).json());
            worker.rest().delete("hdlc-1");
        }
    }

    @Test
    void aDeadMeterBehindAGatewayCostsItsNeighboursOneResponseTimeout(KafkaTestCluster kafka) throws Exception {
        kafka.createTopics(1, "h2-readings");
        final String scenario = """
                seed: 13
                groups:
                  - {idPrefix: live-, count: 4, protocol: DLMS, hdlc: {gateway: a}}
                  - {idPrefix: dead-, count: 1, protocol: DLMS, hdlc: {gateway: a},
                     behaviour: {silences: [{after: PT0S, duration: PT1H}]}}
                  - {idPrefix: lone-, count: 1, protocol: DLMS, hdlc: {gateway: b}}
                """;
        final long intervalMs = 3_000;
        final long timeoutMs = 1_000;
        try (DlmsFleet fleet = DlmsFleet.start(Scenario.parse(scenario, "it").meters(), System.currentTimeMillis());
             ConnectWorkerProcess worker = ConnectWorkerProcess.start(worker(kafka, "hdlc-2"), NOT_THE_PLUGIN,
                     Path.of("target", "worker-hdlc-2.log"))) {
            final List<String> entries = new ArrayList<>(fleet.endpoints().stream()
                    .map(e -> e.meterId() + "@" + e.host() + ":" + e.port() + "/" + e.physicalAddress()).toList());
            final DlmsMeterEndpoint lone = fleet.endpointsById().get("lone-0001");
            entries.add("ghost-0001@" + lone.host() + ":" + lone.port() + "/99"); // nobody has address 99 there
            // backoff.max.ms = the interval: the dead meters are tried every cycle, the worst case for their gateway.
            worker.rest().putConnector("hdlc-2", config("connector.class", CONNECTOR, "tasks.max", "2",
                    "meters", String.join(",", entries), "meter.transport", "HDLC",
                    "poll.interval.ms", String.valueOf(intervalMs), "response.timeout.ms", String.valueOf(timeoutMs),
                    "backoff.max.ms", String.valueOf(intervalMs), "profile.enabled", "false",
                    "readings.topic", "h2-readings", "value.converter", DlmsSourceConnector.VALUE_CONVERTER));
            worker.rest().awaitRunning("hdlc-2", 2, Duration.ofSeconds(90));

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    readings(kafka, "h2-readings").getOrDefault("dead-0001", List.of()).size() >= 6);
            final Map<String, List<Reading>> readings = readings(kafka, "h2-readings");
            worker.rest().delete("hdlc-2");

            for (String silent : List.of("dead-0001", "ghost-0001")) {
                assertThat(readings.get(silent)).as("%s", silent).isNotEmpty().allSatisfy(r -> {
                    assertThat(r.meterId()).isEqualTo(silent);
                    assertThat(r.status()).isEqualTo(ReadingStatus.TIMEOUT);
                    assertThat(r.error()).contains("Didn't receive answer");
                });
            }
            final List<Reading> dead = readings.get("dead-0001");
            final long from = dead.get(0).collectedAt();
            final long to = dead.get(dead.size() - 1).collectedAt();
            for (String live : List.of("live-0001", "live-0002", "live-0003", "live-0004", "lone-0001")) {
                final List<Long> times = readings.get(live).stream()
                        .peek(r -> assertThat(r.status()).as("%s", live).isEqualTo(ReadingStatus.OK))
                        .map(Reading::collectedAt).filter(t -> t >= from - intervalMs && t <= to + intervalMs)
                        .sorted().toList();
                assertThat(times).as("%s while the dead meter was polled", live)
                        .hasSizeGreaterThanOrEqualTo((int) ((to - from) / intervalMs));
                for (int i = 1; i < times.size(); i++) {
                    // Its cycle waits at most for the dead meter's one unanswered SNRM (slack for a loaded machine).
                    assertThat(times.get(i) - times.get(i - 1)).as("%s cycle %d of %s", live, i, times)
                            .isLessThanOrEqualTo(intervalMs + timeoutMs + 1_500);
                }
            }
        }
    }

    /** The energy registers a reading carries are what the meter read while the request was out. */
    private static void assertThatValuesAreTheMeters(DlmsFleet fleet, Reading reading) {
        final long sent = reading.collectedAt() - reading.latencyMs() - 20;
        final long answered = reading.collectedAt() + 20;
        for (String obis : ENERGY) {
            assertThat(value(reading.values(), obis)).as("%s %s at %d", reading.meterId(), obis, reading.collectedAt())
                    .isBetween(fleet.registerValue(reading.meterId(), obis, sent).doubleValue(),
                            fleet.registerValue(reading.meterId(), obis, answered).doubleValue());
        }
    }

    private static void assertThatEachGatewayIsInOneTask(JsonNode tasks) {
        final Set<String> seen = new HashSet<>();
        assertThat(tasks).hasSize(2);
        for (JsonNode task : tasks) {
            final Set<String> gateways = new HashSet<>();
            for (String id : task.path("config").path("task.meter.ids").asText().split(",")) {
                gateways.add(id.substring(0, id.indexOf('-')));
            }
            assertThat(gateways).as("gateways of a task, none of them in another").allSatisfy(g ->
                    assertThat(seen).doesNotContain(g));
            seen.addAll(gateways);
        }
        assertThat(seen).containsExactlyInAnyOrder("gw1", "gw2", "gw3", "gw4");
    }

    private static Map<String, String> config(String... keysAndValues) {
        final Map<String, String> config = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    private static double value(List<MeterValue> values, String obis) {
        return values.stream().filter(v -> v.obis().equals(obis)).findFirst().orElseThrow().value();
    }

    private static Map<String, List<Reading>> readings(KafkaTestCluster kafka, String topic) {
        final Map<String, List<Reading>> byMeter = new HashMap<>();
        for (ConsumerRecord<String, String> r : TopicRecords.readAll(kafka, topic, new StringDeserializer(),
                new StringDeserializer())) {
            assertThat(VALIDATOR.validate(MeterFlowTopics.READINGS, r.value())).isEmpty();
            final Reading reading = MeterFlowTopics.READINGS.valueSerde().deserializer()
                    .deserialize(topic, r.value().getBytes(StandardCharsets.UTF_8));
            assertThat(r.key()).isEqualTo(reading.meterId());
            byMeter.computeIfAbsent(reading.meterId(), k -> new ArrayList<>()).add(reading);
        }
        byMeter.values().forEach(list -> list.sort(java.util.Comparator.comparingLong(Reading::collectedAt)));
        return byMeter;
    }

    private static Interval interval(String json) {
        return MeterFlowTopics.INTERVALS.valueSerde().deserializer().deserialize("h1-intervals",
                json.getBytes(StandardCharsets.UTF_8));
    }

    private static EmbeddedConnectWorker.Builder worker(KafkaTestCluster kafka, String group) {
        return EmbeddedConnectWorker.builder(kafka.bootstrapServers()).groupId(group).pluginPath(PLUGIN_PATH);
    }
}
