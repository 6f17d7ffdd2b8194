package io.meterflow.connect.dlms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterflow.kafka.embedded.ConnectRestClient;
import io.meterflow.kafka.embedded.EmbeddedConnectWorker;
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
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged plugin (the plugin zip unpacked, or target/plugin) on a real Connect worker in a child JVM that does not see the connector's
 * classes otherwise: readings and intervals reach Kafka as schema-valid JSON, /validate names bad settings, the
 * load profile resumes without a gap after the worker is killed with SIGKILL, and an inventory change reaches
 * the tasks without a restart.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class DlmsConnectorIT {

    private static final Path PLUGIN_PATH = Path.of("target", "plugin").toAbsolutePath();
    private static final String OWN_CLASSES = Path.of("target", "classes").toAbsolutePath().toString();
    private static final Predicate<String> NOT_THE_PLUGIN = entry -> entry.equals(OWN_CLASSES);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaValidator VALIDATOR = new SchemaValidator();
    private static final String CONNECTOR = DlmsSourceConnector.class.getName();

    @Test
    void pluginZipPollsMetersIntoSchemaValidTopicsAndValidateNamesBadSettings(KafkaTestCluster kafka,
                                                                              @TempDir Path pluginPath)
            throws Exception {
        kafka.createTopics(1, "c1-readings", "c1-intervals");
        unzip(pluginZip(), pluginPath); // the archive users install, not the build's plugin directory
        try (DlmsFleet fleet = startFleet(3);
             ConnectWorkerProcess worker = ConnectWorkerProcess.start(EmbeddedConnectWorker
                             .builder(kafka.bootstrapServers()).groupId("dlms-c1").pluginPath(pluginPath),
                     NOT_THE_PLUGIN, Path.of("target", "worker-c1.log"))) {
            final ConnectRestClient rest = worker.rest();
            final JsonNode invalid = rest.validate(CONNECTOR, Map.of("connector.class", CONNECTOR,
                    "meters", "m1@127.0.0.1:notaport", "meter.auth.mechanism", "HLS5_GMAC",
                    "registers", "1.0.1.8.0.999"));
            assertThat(errorsBySetting(invalid)).containsKeys("meters", "registers");
            assertThat(errorsBySetting(invalid).get("meters")).contains("notaport");

            rest.putConnector("dlms-c1", InlineFleet.connectorConfig(fleet, "c1", Map.of("tasks.max", "2")));
            rest.awaitRunning("dlms-c1", 2, Duration.ofSeconds(60));

            final List<ConsumerRecord<String, String>> readings = TopicRecords.awaitAtLeast(kafka, "c1-readings", 9,
                    new StringDeserializer(), new StringDeserializer(), Duration.ofSeconds(60));
            assertThat(readings).allSatisfy(r -> {
                assertThat(VALIDATOR.validate(MeterFlowTopics.READINGS, r.value())).isEmpty();
                assertThat(JSON.readTree(r.value()).path("status").asText()).isEqualTo("OK");
                assertThat(r.key()).isEqualTo(JSON.readTree(r.value()).path("meterId").asText());
            });
            assertThat(readings).extracting(ConsumerRecord::key).containsAll(fleet.endpointsById().keySet());
            final List<ConsumerRecord<String, String>> intervals = TopicRecords.awaitAtLeast(kafka, "c1-intervals", 9,
                    new StringDeserializer(), new StringDeserializer(), Duration.ofSeconds(60));
            assertThat(intervals).allSatisfy(r ->
                    assertThat(VALIDATOR.validate(MeterFlowTopics.INTERVALS, r.value())).isEmpty());
            assertThat(worker.rest().offsets("dlms-c1").path("offsets").toString()).contains("capturedAt");
        }
    }

    @Test
    void loadProfileResumesWithoutGapAfterTheWorkerIsKilled(KafkaTestCluster kafka) throws Exception {
        final List<Long> rows = killWorkerMidRun(kafka, "c2", worker(kafka, "dlms-c2"), Map.of());
        final Map<String, TreeSet<Long>> captures = capturesByMeter(kafka, "c2-intervals");
        assertThat(captures).hasSize(4);
        assertThat(captures.values()).allSatisfy(times ->
                assertThat(times.last() - times.first()).as("rows %s..%s without a gap", times.first(), times.last())
                        .isEqualTo((times.size() - 1) * 1_000L));
        assertThat(rows).hasSizeGreaterThanOrEqualTo(captures.values().stream().mapToInt(Set::size).sum());
    }

    @Test
    void withExactlyOnceSourceSupportNoRowIsMissingOrDuplicatedAfterTheWorkerIsKilled(KafkaTestCluster kafka)
            throws Exception {
        final List<Long> rows = killWorkerMidRun(kafka, "c4", worker(kafka, "dlms-c4")
                .workerProperty("exactly.once.source.support", "enabled"), Map.of("exactly.once.support", "required"));
        final Map<String, TreeSet<Long>> captures = capturesByMeter(kafka, "c4-intervals");
        assertThat(captures).hasSize(4);
        assertThat(captures.values()).allSatisfy(times ->
                assertThat(times.last() - times.first()).isEqualTo((times.size() - 1) * 1_000L));
        assertThat(rows).as("one record per (meter, capturedAt)")
                .hasSize(captures.values().stream().mapToInt(Set::size).sum());
    }

    /** Runs the connector, SIGKILLs the worker mid-run, starts another; returns every row's capturedAt in the topic. */
    private static List<Long> killWorkerMidRun(KafkaTestCluster kafka, String prefix,
                                               EmbeddedConnectWorker.Builder builder, Map<String, String> extra)
            throws Exception {
        kafka.createTopics(1, prefix + "-readings", prefix + "-intervals");
        final String intervals = prefix + "-intervals";
        final String name = "dlms-" + prefix;
        final Map<String, String> config = new HashMap<>(Map.of("tasks.max", "2"));
        config.putAll(extra);
        try (DlmsFleet fleet = startFleet(4)) {
            final ConnectWorkerProcess first = ConnectWorkerProcess.start(builder, NOT_THE_PLUGIN,
                    Path.of("target", "worker-" + prefix + "-first.log"));
            try {
                first.rest().putConnector(name, InlineFleet.connectorConfig(fleet, prefix, config));
                first.rest().awaitRunning(name, 2, Duration.ofSeconds(60));
                TopicRecords.awaitAtLeast(kafka, intervals, 4 * 15, new StringDeserializer(),
                        new StringDeserializer(), Duration.ofSeconds(60));
            } finally {
                first.kill();
            }
            final long killedAt = System.currentTimeMillis();
            // Rows keep being captured while no worker runs; the next worker must fetch them from the offsets on.
            // Wait until every meter holds at least three rows newer than anything in the topic.
            final Map<String, Long> lastWritten = capturesByMeter(kafka, intervals).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().last()));
            await().atMost(Duration.ofSeconds(30)).until(() -> fleet.endpoints().stream().allMatch(m ->
                    fleet.newestProfileRow(m.meterId()) >= lastWritten.getOrDefault(m.meterId(), 0L) + 3 * 1_000L));
            try (ConnectWorkerProcess second = ConnectWorkerProcess.start(builder, NOT_THE_PLUGIN,
                    Path.of("target", "worker-" + prefix + "-second.log"))) {
                second.rest().awaitRunning(name, 2, Duration.ofSeconds(90));
                await().atMost(Duration.ofSeconds(60)).until(() -> capturesByMeter(kafka, intervals).values()
                        .stream().allMatch(times -> times.last() > killedAt + 5_000));
                second.rest().delete(name);
            }
        }
        return TopicRecords.readAll(kafka, intervals, new StringDeserializer(), new StringDeserializer()).stream()
                .map(r -> time(r.value(), "capturedAt")).toList();
    }

    @Test
    void inventoryChangesReachTheTasksWithinTwoPollIntervals(KafkaTestCluster kafka, TestDatabase db) throws Exception {
        kafka.createTopics(1, "c3-readings", "c3-intervals");
        final Inventory inventory = Inventory.migrate(db);
        try (DlmsFleet fleet = startFleet(3);
             ConnectWorkerProcess worker = ConnectWorkerProcess.start(worker(kafka, "dlms-c3"), NOT_THE_PLUGIN,
                     Path.of("target", "worker-c3.log"))) {
            final List<DlmsMeterEndpoint> meters = fleet.endpoints();
            inventory.upsert(meters.subList(0, 2));
            final long pollIntervalMs = 4_000;
            final Map<String, String> config = new HashMap<>(Map.of("connector.class", CONNECTOR, "tasks.max", "2",
                    "meters.source", "INVENTORY", "inventory.jdbc.url", db.jdbcUrl(), "inventory.jdbc.user", db.user(),
                    "inventory.refresh.interval.ms", "1000", "poll.interval.ms", String.valueOf(pollIntervalMs),
                    "profile.enabled", "false", "readings.topic", "c3-readings",
                    "value.converter", DlmsSourceConnector.VALUE_CONVERTER));
            worker.rest().putConnector("dlms-c3", config);
            worker.rest().awaitRunning("dlms-c3", 2, Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(60)).until(() -> readingsByMeter(kafka).keySet()
                    .containsAll(List.of(meters.get(0).meterId(), meters.get(1).meterId())));

            final long addedAt = System.currentTimeMillis();
            inventory.upsert(meters.subList(2, 3));
            inventory.execute("UPDATE meter_inventory SET enabled = FALSE, updated_at = now() WHERE meter_id = '"
                    + meters.get(0).meterId() + "'");
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    readingsByMeter(kafka).containsKey(meters.get(2).meterId()));
            final long firstOfNew = readingsByMeter(kafka).get(meters.get(2).meterId()).first();
            assertThat(firstOfNew - addedAt).as("added meter first polled after (ms)")
                    .isLessThanOrEqualTo(2 * pollIntervalMs);
            // The disabled meter stops: nothing of it is collected from one interval after its removal on.
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    readingsByMeter(kafka).get(meters.get(2).meterId()).size() >= 3);
            assertThat(readingsByMeter(kafka).get(meters.get(0).meterId()).last())
                    .isLessThanOrEqualTo(addedAt + 2 * pollIntervalMs);

            // A changed row: the second meter moves to another port (a second simulator serving the same id).
            final String movedId = meters.get(1).meterId();
            try (DlmsFleet movedFleet = startFleet(2)) {
                final DlmsMeterEndpoint moved = movedFleet.endpointsById().get(movedId);
                final long changedAt = System.currentTimeMillis();
                inventory.execute("UPDATE meter_inventory SET port = " + moved.port() + ", updated_at = now() "
                        + "WHERE meter_id = '" + movedId + "'");
                await().atMost(Duration.ofSeconds(60)).until(() -> movedFleet.firstConnectionAt(movedId).isPresent());
                assertThat(movedFleet.firstConnectionAt(movedId).getAsLong() - changedAt)
                        .as("meter at its new port first contacted after (ms)").isLessThanOrEqualTo(2 * pollIntervalMs);
                final long movedAt = movedFleet.firstConnectionAt(movedId).getAsLong();
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        okReadingsSince(kafka, movedId, movedAt) >= 2);
            }
        }
    }

    private static long okReadingsSince(KafkaTestCluster kafka, String meterId, long since) {
        return TopicRecords.readAll(kafka, "c3-readings", new StringDeserializer(), new StringDeserializer()).stream()
                .filter(r -> r.key().equals(meterId) && time(r.value(), "collectedAt") >= since
                        && r.value().contains("\"status\":\"OK\"")).count();
    }

    private static Path pluginZip() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            final List<Path> zips = files.filter(f -> f.getFileName().toString().endsWith("-plugin.zip")).toList();
            assertThat(zips).as("the plugin archive of this build").hasSize(1);
            return zips.get(0);
        }
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                final Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
        }
    }

    private static DlmsFleet startFleet(int meters) {
        final String scenario = "seed: 5\ngroups:\n  - {idPrefix: c-, count: " + meters + ", protocol: DLMS}\n";
        return DlmsFleet.start(Scenario.parse(scenario, "it").meters(), System.currentTimeMillis(),
                DlmsFleetOptions.DEFAULTS.withCapturePeriod(Duration.ofSeconds(1)).withProfileHistoryRows(600));
    }

    private static EmbeddedConnectWorker.Builder worker(KafkaTestCluster kafka, String group) {
        return EmbeddedConnectWorker.builder(kafka.bootstrapServers()).groupId(group).pluginPath(PLUGIN_PATH);
    }

    private static Map<String, String> errorsBySetting(JsonNode validation) {
        final Map<String, String> errors = new HashMap<>();
        for (JsonNode config : validation.path("configs")) {
            final JsonNode value = config.path("value");
            if (!value.path("errors").isEmpty()) {
                errors.put(value.path("name").asText(), value.path("errors").toString());
            }
        }
        return errors;
    }

    private static Map<String, TreeSet<Long>> capturesByMeter(KafkaTestCluster kafka, String topic) {
        return timesByMeter(kafka, topic, "capturedAt");
    }

    private static Map<String, TreeSet<Long>> readingsByMeter(KafkaTestCluster kafka) {
        return timesByMeter(kafka, "c3-readings", "collectedAt");
    }

    private static Map<String, TreeSet<Long>> timesByMeter(KafkaTestCluster kafka, String topic, String field) {
        return TopicRecords.readAll(kafka, topic, new StringDeserializer(), new StringDeserializer()).stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(r -> time(r.value(), field),
                        Collectors.toCollection(TreeSet::new))));
    }

    private static long time(String json, String field) {
        try {
            return JSON.readTree(json).path(field).asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
