package io.meterflow.connect.dlms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterflow.kafka.embedded.EmbeddedConnectWorker;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.schema.validation.SchemaValidator;
import io.meterflow.simulator.dlms.DlmsFleet;
import io.meterflow.simulator.dlms.DlmsMeterEndpoint;
import io.meterflow.simulator.scenario.Scenario;
import io.meterflow.testing.connect.ConnectWorkerProcess;
import io.meterflow.testing.kafka.KafkaExtension;
import io.meterflow.testing.kafka.KafkaTestCluster;
import io.meterflow.testing.kafka.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openmuc.jdlms.AuthenticationMechanism;
import org.openmuc.jdlms.SecuritySuite;
import org.openmuc.jdlms.TcpConnectionBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HLS5 meters that enforce replay protection (the simulator rejects any invocation counter not above the last it
 * accepted from the client, as IDIS/DSMR meters do), polled by the packaged plugin on real Connect workers in child
 * JVMs: across every event that makes the connector associate again, the meters' cycles stay OK; a meter without
 * a readable counter object is carried by the counter persisted in Kafka; a meter whose counter cannot be synced
 * is AUTH_FAILED naming the invocation counter, without a key anywhere.
 */
@ExtendWith(KafkaExtension.class)
class HlsInvocationCounterIT {

    private static final Path PLUGIN_PATH = Path.of("target", "plugin").toAbsolutePath();
    private static final String OWN_CLASSES = Path.of("target", "classes").toAbsolutePath().toString();
    private static final Predicate<String> NOT_THE_PLUGIN = entry -> entry.equals(OWN_CLASSES);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaValidator VALIDATOR = new SchemaValidator();
    private static final String CONNECTOR = DlmsSourceConnector.class.getName();
    private static final String AUTH_KEY = "5e1f0a2b3c4d5e6f708192a3b4c5d6e7";
    private static final String ENC_KEY = "a7b6c5d4e3f201f0e1d2c3b4a5968778";
    private static final long POLL_MS = 1_000;
    /** Cycles after an event that may still fail: "OK within two poll intervals". */
    private static final int CYCLES_TO_RECOVER = 2;

    @Test
    void replayProtectedMetersStayOkAcrossEveryReassociation(KafkaTestCluster kafka) throws Exception {
        final String prefix = "ic1";
        kafka.createTopics(1, prefix + "-readings");
        final EmbeddedConnectWorker.Builder cluster = worker(kafka, "dlms-" + prefix);
        try (DlmsFleet fleet = hlsFleet(3, "")) {
            final Map<String, String> config = config(fleet, prefix, Map.of());
            ConnectWorkerProcess first = ConnectWorkerProcess.start(cluster, NOT_THE_PLUGIN, log(prefix, "first"));
            try {
                first.rest().putConnector(prefix, config);
                first.rest().awaitRunning(prefix, 1, Duration.ofSeconds(60));
                awaitOkAfter(kafka, prefix, fleet, 0, "first association");

                long since = System.currentTimeMillis();
                fleet.endpoints().forEach(m -> fleet.dropConnections(m.meterId()));
                awaitOkAfter(kafka, prefix, fleet, since, "the meters dropped their associations");

                since = System.currentTimeMillis();
                assertThat(first.rest().send("POST", "/connectors/" + prefix + "/tasks/0/restart", null).status())
                        .isEqualTo(204);
                awaitOkAfter(kafka, prefix, fleet, since, "task restart (REST)");

                since = System.currentTimeMillis();
                final Map<String, String> perCycle = new HashMap<>(config);
                perCycle.put("association.keep.open", "false");
                first.rest().putConnector(prefix, perCycle);
                awaitOkAfter(kafka, prefix, fleet, since, "association.keep.open=false");
            } finally {
                first.kill();
            }
            long since = System.currentTimeMillis();
            final ConnectWorkerProcess restarted = ConnectWorkerProcess.start(cluster, NOT_THE_PLUGIN,
                    log(prefix, "restarted"));
            try (ConnectWorkerProcess second = restarted) {
                second.rest().awaitRunning(prefix, 1, Duration.ofSeconds(90));
                awaitOkAfter(kafka, prefix, fleet, since, "worker SIGKILL and restart");

                try (ConnectWorkerProcess other = ConnectWorkerProcess.start(cluster, NOT_THE_PLUGIN,
                        log(prefix, "other"))) {
                    other.rest().awaitRunning(prefix, 1, Duration.ofSeconds(60));
                    since = System.currentTimeMillis();
                    second.close(); // SIGTERM: the group moves connector and task to the other worker
                    await().atMost(Duration.ofSeconds(90)).until(() -> taskWorker(other, prefix)
                            .endsWith(":" + other.restUrl().getPort()));
                    awaitOkAfter(kafka, prefix, fleet, since, "the connector moved to another worker");
                    assertThat(committedCounters(kafka, "dlms-" + prefix)).as("counters in Connect's offset topic")
                            .containsOnlyKeys(fleet.endpointsById().keySet())
                            .allSatisfy((meterId, counter) -> assertThat(counter).isPositive()
                                    .isLessThanOrEqualTo(fleet.lastInvocationCounter(meterId).orElseThrow()));
                }
            }
            assertThat(readings(kafka, prefix)).allSatisfy(r ->
                    assertThat(VALIDATOR.validate(MeterFlowTopics.READINGS, r.value())).isEmpty());
        }
    }

    @Test
    void aMeterWithoutReadableCounterIsCarriedAcrossARestartByThePersistedCounter(KafkaTestCluster kafka)
            throws Exception {
        final String prefix = "ic2";
        kafka.createTopics(1, prefix + "-readings");
        final EmbeddedConnectWorker.Builder cluster = worker(kafka, "dlms-" + prefix);
        try (DlmsFleet fleet = hlsFleet(1, ", invocationCounterReadable: false")) {
            final String meterId = fleet.endpoints().get(0).meterId();
            // A jump smaller than the counters the meter has seen: only the persisted counter gets the next task past
            // them (without it: counter 1 rejected, one jump to 6 rejected, AUTH_FAILED).
            final Map<String, String> config = config(fleet, prefix, Map.of("invocation.counter.jump", "5",
                    "association.keep.open", "false"));
            try (ConnectWorkerProcess first = ConnectWorkerProcess.start(cluster, NOT_THE_PLUGIN,
                    log(prefix, "first"))) {
                first.rest().putConnector(prefix, config);
                first.rest().awaitRunning(prefix, 1, Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        fleet.lastInvocationCounter(meterId).orElse(0) > 30);
                awaitOkAfter(kafka, prefix, fleet, 0, "first associations");
            } // SIGTERM: the worker stops the task and commits its offsets
            final long before = fleet.lastInvocationCounter(meterId).orElseThrow();
            final long since = System.currentTimeMillis();
            try (ConnectWorkerProcess second = ConnectWorkerProcess.start(cluster, NOT_THE_PLUGIN,
                    log(prefix, "second"))) {
                second.rest().awaitRunning(prefix, 1, Duration.ofSeconds(90));
                awaitOkAfter(kafka, prefix, fleet, since, "worker restart");
                assertThat(readingsOf(kafka, prefix, meterId, since)).as("no cycle after the restart failed")
                        .allMatch(r -> "OK".equals(r.status()));
            }
            assertThat(fleet.lastInvocationCounter(meterId).orElseThrow()).isGreaterThan(before + 5);
        }
    }

    @Test
    void aMeterWhoseCounterCannotBeSyncedIsAuthFailedNamingTheInvocationCounterAndNoKey(KafkaTestCluster kafka)
            throws Exception {
        final String prefix = "ic3";
        kafka.createTopics(1, prefix + "-readings");
        try (DlmsFleet fleet = hlsFleet(1, "")) {
            final DlmsMeterEndpoint meter = fleet.endpoints().get(0);
            exhaustCounter(meter);
            assertThat(fleet.lastInvocationCounter(meter.meterId())).hasValue(0xFFFF_FFFFL);
            final Path workerLog = log(prefix, "worker");
            try (ConnectWorkerProcess worker = ConnectWorkerProcess.start(worker(kafka, "dlms-" + prefix),
                    NOT_THE_PLUGIN, workerLog)) {
                worker.rest().putConnector(prefix, config(fleet, prefix, Map.of()));
                worker.rest().awaitRunning(prefix, 1, Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(60)).until(() -> readingsOf(kafka, prefix, meter.meterId(), 0)
                        .size() >= 3);
                assertThat(worker.rest().status(prefix).path("tasks").get(0).path("state").asText())
                        .isEqualTo("RUNNING");
            }
            final List<Reading> readings = readingsOf(kafka, prefix, meter.meterId(), 0);
            assertThat(readings).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo("AUTH_FAILED");
                assertThat(r.error()).contains(meter.meterId(), "invocation counter");
            });
            final String everything = (Files.readString(workerLog, StandardCharsets.UTF_8)
                    + readings(kafka, prefix).stream().map(ConsumerRecord::value).collect(Collectors.joining()))
                    .toLowerCase(Locale.ROOT);
            assertThat(everything).contains("invocation counter").doesNotContain(AUTH_KEY, ENC_KEY);
        }
    }

    /** Another head-end used client 1 with the last counter there is: the meter accepts no counter after it. */
    private static void exhaustCounter(DlmsMeterEndpoint meter) {
        try {
            hlsConnection(meter).setFrameCounter(0xFFFF_FFFFL).build().close();
        } catch (IOException expected) {
            // the AARQ (counter 0xFFFFFFFF) is accepted; the next APDU's counter wrapped and is refused
        }
    }

    private static TcpConnectionBuilder hlsConnection(DlmsMeterEndpoint meter) throws IOException {
        return new TcpConnectionBuilder(InetAddress.getByName(meter.host())).setPort(meter.port())
                .setClientId(meter.clientId()).setLogicalDeviceId(meter.logicalDeviceId())
                .setSecuritySuite(SecuritySuite.builder()
                        .setAuthenticationMechanism(AuthenticationMechanism.HLS5_GMAC)
                        .setEncryptionMechanism(SecuritySuite.EncryptionMechanism.AES_GCM_128)
                        .setAuthenticationKey(HexFormat.of().parseHex(AUTH_KEY))
                        .setGlobalUnicastEncryptionKey(HexFormat.of().parseHex(ENC_KEY)).build());
    }

    /**
     * Waits until every meter has cycles after {@code since}, then holds that all of them are OK but at most the
     * first {@link #CYCLES_TO_RECOVER} of each meter (counted in cycles, not wall time, on a noisy machine).
     */
    private static void awaitOkAfter(KafkaTestCluster kafka, String prefix, DlmsFleet fleet, long since, String event) {
        final int wanted = CYCLES_TO_RECOVER + 4;
        await(event).atMost(Duration.ofSeconds(120)).until(() -> fleet.endpoints().stream()
                .allMatch(m -> readingsOf(kafka, prefix, m.meterId(), since).size() >= wanted));
        for (DlmsMeterEndpoint meter : fleet.endpoints()) {
            final List<Reading> after = readingsOf(kafka, prefix, meter.meterId(), since);
            assertThat(after.subList(Math.min(CYCLES_TO_RECOVER, after.size()), after.size()))
                    .as("%s after %s: %s", meter.meterId(), event, after)
                    .isNotEmpty()
                    .allMatch(r -> "OK".equals(r.status()));
        }
    }

    private record Reading(long collectedAt, String status, String error) {
        @Override
        public String toString() {
            return status + (error == null ? "" : "(" + error + ")");
        }
    }

    private static List<Reading> readingsOf(KafkaTestCluster kafka, String prefix, String meterId, long since) {
        final List<Reading> found = new ArrayList<>();
        for (ConsumerRecord<String, String> r : readings(kafka, prefix)) {
            if (r.key().equals(meterId)) {
                final JsonNode json = json(r.value());
                if (json.path("collectedAt").asLong() > since) {
                    found.add(new Reading(json.path("collectedAt").asLong(), json.path("status").asText(),
                            json.path("error").isNull() ? null : json.path("error").asText()));
                }
            }
        }
        found.sort(Comparator.comparingLong(Reading::collectedAt));
        return found;
    }

    private static List<ConsumerRecord<String, String>> readings(KafkaTestCluster kafka, String prefix) {
        return TopicRecords.readAll(kafka, prefix + "-readings", new StringDeserializer(), new StringDeserializer());
    }

    /** The newest invocation counter per meter in the Connect cluster's offset topic (readings partitions). */
    private static Map<String, Long> committedCounters(KafkaTestCluster kafka, String group) {
        final Map<String, Long> counters = new HashMap<>();
        for (ConsumerRecord<String, String> r : TopicRecords.readAll(kafka, group + "-offsets",
                new StringDeserializer(), new StringDeserializer())) {
            final JsonNode partition = json(r.key()).path(1);
            if (r.value() != null && "readings".equals(partition.path("stream").asText())
                    && json(r.value()).has("invocationCounter")) {
                counters.put(partition.path("meterId").asText(), json(r.value()).path("invocationCounter").asLong());
            }
        }
        return counters;
    }

    private static String taskWorker(ConnectWorkerProcess worker, String name) {
        final JsonNode tasks = worker.rest().status(name).path("tasks");
        return tasks.isEmpty() ? "" : tasks.get(0).path("worker_id").asText();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DlmsFleet hlsFleet(int meters, String counterSettings) {
        final String scenario = "seed: 7\ngroups:\n  - {idPrefix: hls-, count: " + meters + ", protocol: DLMS, "
                + "behaviour: {auth: {mechanism: HLS5_GMAC, authenticationKey: " + AUTH_KEY + ", encryptionKey: "
                + ENC_KEY + counterSettings + "}}}\n";
        return DlmsFleet.start(Scenario.parse(scenario, "it").meters(), System.currentTimeMillis());
    }

    private static EmbeddedConnectWorker.Builder worker(KafkaTestCluster kafka, String group) {
        return EmbeddedConnectWorker.builder(kafka.bootstrapServers()).groupId(group).pluginPath(PLUGIN_PATH);
    }

    private static Path log(String prefix, String name) {
        return Path.of("target", "worker-" + prefix + "-" + name + ".log");
    }

    private static Map<String, String> config(DlmsFleet fleet, String prefix, Map<String, String> extra) {
        final Map<String, String> config = new HashMap<>();
        config.put("connector.class", CONNECTOR);
        config.put("tasks.max", "1");
        config.put("meters", fleet.endpoints().stream().map(e -> e.meterId() + "@" + e.host() + ":" + e.port())
                .collect(Collectors.joining(",")));
        config.put("meter.client.id", "1");
        config.put("meter.auth.mechanism", "HLS5_GMAC");
        config.put("meter.authentication.key", AUTH_KEY);
        config.put("meter.encryption.key", ENC_KEY);
        config.put("poll.interval.ms", String.valueOf(POLL_MS));
        config.put("profile.enabled", "false");
        config.put("readings.topic", prefix + "-readings");
        config.put("value.converter", DlmsSourceConnector.VALUE_CONVERTER);
        config.putAll(extra);
        return config;
    }
}
