package io.meterflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterflow.connect.postgres.ReadModelTables;
import io.meterflow.connect.postgres.SampleFleet;
import io.meterflow.connect.postgres.SinkTopics;
import io.meterflow.connect.postgres.SinkWorkers;
import io.meterflow.connect.postgres.TopicEnds;
import io.meterflow.connect.postgres.TopicFeeder;
import io.meterflow.kafka.embedded.ConnectRestClient;
import io.meterflow.testing.connect.ConnectWorkerProcess;
import io.meterflow.testing.kafka.KafkaExtension;
import io.meterflow.testing.kafka.KafkaTestCluster;
import io.meterflow.testing.postgres.TestDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka -> sink (packaged plugin, on a Connect worker in a child JVM) -> PostgreSQL -> query API, with the worker
 * killed by SIGKILL mid-stream (some of the second phase written, not all) and PostgreSQL crashed for a minute while
 * the sink writes. Afterwards every table holds exactly one row per record in its topic: nothing lost, nothing
 * doubled; and every meter's stored detail document agrees with the tables it is built from.
 */
@ExtendWith(KafkaExtension.class)
class ReadModelPipelineIT {

    private static final Path PLUGIN_PATH = Path.of("..", "connectors", "postgres-sink", "target", "plugin");
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final int METERS = Integer.getInteger("meterflow.pipeline.meters", 20);
    private static final int STEPS = Integer.getInteger("meterflow.pipeline.steps", 30);
    private static final Duration OUTAGE = Duration.ofMinutes(1);
    // Backoff 0.1 s doubling to 2 s: a minute down is at least this many failed attempts.
    private static final int ATTEMPTS_IN_OUTAGE = 25;
    private static final String HELD_METER = "meter-7";

    @Test
    void survivesAWorkerKillAndADatabaseCrashWithExactlyOneRowPerRecord(KafkaTestCluster kafka, @TempDir Path logs)
            throws Exception {
        final SinkTopics topics = new SinkTopics("pipeline-it-");
        topics.create(kafka, 3);
        final Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(8));
        final List<SampleFleet> phases = List.of(new SampleFleet(METERS, STEPS, start),
                new SampleFleet(METERS, STEPS, start.plus(Duration.ofMinutes(STEPS))),
                new SampleFleet(METERS, STEPS, start.plus(Duration.ofMinutes(2L * STEPS))));

        try (ThrowawayPostgres postgres = ThrowawayPostgres.start(); TopicFeeder feeder = new TopicFeeder(kafka)) {
            final TestDatabase db = postgres.createDatabase("meterflow");
            final Map<String, String> sink = topics.connectorConfig(db.jdbcUrl(), 2);
            sink.put("consumer.override.max.poll.records", "50");
            // The killed worker's consumer leaves no goodbye: let the group notice within seconds, not 45 s.
            sink.put("consumer.override.session.timeout.ms", "6000");
            sink.put("consumer.override.heartbeat.interval.ms", "1000");

            ConnectWorkerProcess worker = SinkWorkers.start(kafka, "pipeline-it", PLUGIN_PATH, logs.resolve("worker-1.log"));
            try {
                worker.rest().putConnector("read-model", sink);
                worker.rest().awaitRunning("read-model", 2, TIMEOUT);
                feeder.sendFleet(topics, phases.get(0));
                awaitRowsAtLeast(db, "reading_history", (long) METERS * STEPS);
                try (Connection hold = holdLastReading(db, phases.get(1))) {
                    feeder.sendFleet(topics, phases.get(1));
                    awaitRowsAtLeast(db, "reading_history", (long) METERS * STEPS + 1);
                    worker.kill();
                    // The held row blocks one transaction of the sink: the kill lands between the phases' ends.
                    assertThat(ReadModelTables.count(db, "reading_history")).as("readings written at the kill")
                            .isGreaterThan((long) METERS * STEPS).isLessThan(2L * METERS * STEPS);
                }
            } finally {
                worker.close();
            }

            worker = SinkWorkers.start(kafka, "pipeline-it", PLUGIN_PATH, logs.resolve("worker-2.log"));
            try {
                worker.rest().awaitRunning("read-model", 2, TIMEOUT);
                postgres.crash();
                feeder.sendFleet(topics, phases.get(2));
                final Path log = logs.resolve("worker-2.log");
                final ConnectRestClient rest = worker.rest();
                Awaitility.await("the sink task RUNNING and retrying all through a minute without PostgreSQL")
                        .during(OUTAGE).atMost(OUTAGE.plus(TIMEOUT)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> rest.status("read-model").path("tasks").findValuesAsText("state"),
                                states -> states.size() == 2 && states.stream().allMatch("RUNNING"::equals));
                assertThat(Files.readString(log, StandardCharsets.UTF_8))
                        .contains("PostgreSQL unavailable (attempt " + ATTEMPTS_IN_OUTAGE + ")");
                postgres.startServer();

                final long end = TopicEnds.total(kafka, topics.all());
                Awaitility.await("sink offsets at the end of every topic (" + end + ")").atMost(TIMEOUT)
                        .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                        .until(() -> ReadModelTables.single(db, "SELECT coalesce(sum(next_offset), 0) FROM sink_offset"),
                                n -> n == end);
                assertThat(worker.rest().status("read-model").path("tasks").findValuesAsText("state"))
                        .containsOnly("RUNNING");
            } finally {
                worker.close();
            }

            assertThat(ReadModelTables.counts(db)).isEqualTo(expectedCounts(phases));
            assertThat(ReadModelTables.staleMeterDocuments(db)).isZero();
            assertApiServes(db, phases);
        }
    }

    /**
     * Inserts, uncommitted, the history row of the held meter's last reading of {@code phase}: the sink's insert of
     * that row waits for this transaction, so the sink cannot finish the phase while the connection is open.
     * Closing the connection rolls the row back.
     */
    private static Connection holdLastReading(TestDatabase db, SampleFleet phase) throws SQLException {
        final Timestamp at = Timestamp.from(Instant.ofEpochMilli(phase.at(STEPS - 1)));
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT meterflow_ensure_partition('reading_history', ?)")) {
            ps.setTimestamp(1, at);
            ps.execute();
        }
        final Connection hold = db.connect();
        hold.setAutoCommit(false);
        try (PreparedStatement ps = hold.prepareStatement("""
                INSERT INTO reading_history (meter_id, collected_at, source, latency_ms, status, reading_values)
                VALUES (?, ?, 'dlms', 0, 'OK', '[]')""")) {
            ps.setString(1, HELD_METER);
            ps.setTimestamp(2, at);
            ps.executeUpdate();
        }
        return hold;
    }

    private static Map<String, Long> expectedCounts(List<SampleFleet> phases) {
        final java.util.function.ToLongFunction<java.util.function.Function<SampleFleet, List<?>>> total =
                kind -> phases.stream().mapToLong(p -> kind.apply(p).size()).sum();
        final Map<String, Long> expected = new java.util.LinkedHashMap<>();
        expected.put("meter_latest_reading", (long) METERS);
        expected.put("meter_latest_rate", (long) METERS);
        expected.put("meter_latest_clock_drift", (long) METERS);
        expected.put("meter_latest_error_stats", METERS + 1L);
        expected.put("alert_current", phases.get(0).alerts().stream()
                .map(a -> a.meterId() + "/" + a.rule()).distinct().count());
        expected.put("reading_history", total.applyAsLong(SampleFleet::readings));
        expected.put("interval_history", total.applyAsLong(SampleFleet::intervals));
        expected.put("rate_history", total.applyAsLong(SampleFleet::rates));
        expected.put("clock_drift_history", total.applyAsLong(SampleFleet::clockDrift));
        expected.put("error_stats_history", total.applyAsLong(SampleFleet::errorStats));
        expected.put("alert_transition", total.applyAsLong(SampleFleet::alerts));
        expected.put("meter_document", (long) METERS);
        expected.put("clock_sync_history", total.applyAsLong(SampleFleet::clockSyncs));
        // Keyed tables: one row per key however often (and in however many phases) a record for it arrives.
        expected.put("alert_action_log", distinct(phases, p -> p.commandResults().stream()
                .map(r -> r.commandId())));
        expected.put("meter_availability_daily", distinct(phases, p -> p.readings().stream()
                .map(r -> r.meterId() + "/" + Instant.ofEpochMilli(r.collectedAt()).toString().substring(0, 10))));
        expected.put("interval_validated", total.applyAsLong(SampleFleet::intervals));
        expected.put("interval_validated_history", total.applyAsLong(SampleFleet::validatedIntervals));
        expected.put("meter_completeness", distinct(phases, p -> p.completeness().stream()
                .map(c -> c.meterId() + "/" + c.day())));
        expected.put("backfill_request", distinct(phases, p -> p.backfillRequests().stream()
                .map(r -> r.requestId())));
        return expected;
    }

    private static long distinct(List<SampleFleet> phases,
                                 java.util.function.Function<SampleFleet, java.util.stream.Stream<String>> keys) {
        return phases.stream().flatMap(keys).distinct().count();
    }

    private static void assertApiServes(TestDatabase db, List<SampleFleet> phases) throws IOException, InterruptedException {
        final QueryApiConfig config = QueryApiConfig.defaults(db.jdbcUrl()).withPort(0);
        try (QueryApi api = QueryApi.start(config)) {
            final HttpClient http = HttpClient.newHttpClient();
            final ObjectMapper json = new ObjectMapper();
            final String base = "http://127.0.0.1:" + api.port();
            final JsonNode summary = json.readTree(get(http, base + "/api/v1/fleet/summary"));
            assertThat(summary.path("meters").asInt()).isEqualTo(METERS);
            final SampleFleet last = phases.get(2);
            final JsonNode meter = json.readTree(get(http, base + "/api/v1/meters/meter-3"));
            assertThat(meter.path("latestReading").path("collectedAt").asLong()).isEqualTo(last.at(STEPS - 1));
            final JsonNode history = json.readTree(get(http, base + "/api/v1/meters/meter-3/readings?limit=500&from="
                    + phases.get(0).at(0) + "&to=" + (last.at(STEPS - 1) + 1)));
            assertThat(history.path("items")).hasSize(3 * STEPS);
            final String metrics = get(http, base + "/metrics");
            assertThat(metrics).contains("http_server_requests_seconds_count", "hikaricp_connections_active",
                    "jvm_memory_used_bytes");
        }
    }

    private static String get(HttpClient http, String url) throws IOException, InterruptedException {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static void awaitRowsAtLeast(TestDatabase db, String table, long rows) {
        Awaitility.await("at least " + rows + " rows in " + table).atMost(TIMEOUT).ignoreExceptions()
                .pollInterval(Duration.ofMillis(100))
                .until(() -> ReadModelTables.count(db, table), n -> n >= rows);
    }
}
