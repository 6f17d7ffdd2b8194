package io.meterflow.connect.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.kafka.embedded.ConnectRestClient;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.testing.connect.ConnectWorkerProcess;
import io.meterflow.testing.kafka.KafkaExtension;
import io.meterflow.testing.kafka.KafkaTestCluster;
import io.meterflow.testing.postgres.PostgresExtension;
import io.meterflow.testing.postgres.TestDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.meterflow.connect.postgres.PostgresSinkIT.PLUGIN_PATH;
import static io.meterflow.connect.postgres.PostgresSinkIT.awaitOffsetsStored;
import static io.meterflow.connect.postgres.ReadModelTables.count;
import static io.meterflow.connect.postgres.ReadModelTables.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database, not Kafka, decides where the sink resumes. Upserts and ON CONFLICT would absorb a replay whether
 * or not the task seeks, so this test watches the seek itself: with the consumer group's offsets deleted, a
 * resumed task must hand no old record to a transaction (no offset row rewritten, none skipped as redelivered).
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class StoredOffsetsResumeIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    void resumesFromTheOffsetsInTheDatabaseWhenKafkaHasForgottenItsOwn(KafkaTestCluster kafka, TestDatabase db,
                                                                       @TempDir Path logs) throws Exception {
        final SinkTopics topics = new SinkTopics("sink-resume-");
        topics.create(kafka, 2);
        final SampleFleet fleet = SampleFleet.of(5, 12);
        try (TopicFeeder feeder = new TopicFeeder(kafka)) {
            feeder.send(MeterFlowTopics.READINGS, topics.readings(), fleet.readings(), r -> r.meterId());
            feeder.send(MeterFlowTopics.RATES, topics.rates(), fleet.rates(), r -> r.meterId());
            feeder.send(MeterFlowTopics.ALERTS, topics.alerts(), fleet.alerts(), r -> r.meterId());
        }
        final Path log = logs.resolve("worker.log");
        try (ConnectWorkerProcess worker = SinkWorkers.start(kafka, "sink-resume", PLUGIN_PATH, log)) {
            final ConnectRestClient rest = worker.rest();
            rest.putConnector("resume", topics.connectorConfig(db, 2));
            rest.awaitRunning("resume", 2, TIMEOUT);
            awaitOffsetsStored(db, "resume", kafka, topics);
            final Map<String, String> tables = ReadModelTables.fingerprint(db);
            final List<String> storedOffsets = storedOffsetRows(db, "resume");
            final long readings = count(db, "reading_history");

            // The operator's reset (KIP-875): Connect deletes the connector's consumer-group offsets.
            expectStatus(rest.send("PUT", "/connectors/resume/stop", null), 202, 204);
            Awaitility.await("connector stopped").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> rest.status("resume").path("connector").path("state").asText(), "STOPPED"::equals);
            expectStatus(rest.send("DELETE", "/connectors/resume/offsets", null), 200);
            assertThat(sinkPositions(rest, "resume")).isZero();
            expectStatus(rest.send("PUT", "/connectors/resume/resume", null), 202, 204);
            rest.awaitRunning("resume", 2, TIMEOUT);

            // Kafka would deliver every record again from offset 0; the tasks must seek to the database's offsets.
            // One new reading shows the resumed tasks consume; it moves one partition's offset row, no other.
            try (TopicFeeder feeder = new TopicFeeder(kafka)) {
                feeder.send(MeterFlowTopics.READINGS, topics.readings(),
                        new SampleFleet(1, 1, fleet.start().plus(Duration.ofHours(1))).readings(), r -> r.meterId());
            }
            awaitOffsetsStored(db, "resume", kafka, topics);
            final Set<String> untouched = new HashSet<>(storedOffsets);
            untouched.retainAll(storedOffsetRows(db, "resume"));
            assertThat(untouched).as("offset rows not rewritten after the resume").hasSize(storedOffsets.size() - 1);
            Awaitility.await("no other offset row rewritten").during(Duration.ofSeconds(3)).atMost(TIMEOUT)
                    .until(() -> storedOffsetRows(db, "resume").containsAll(untouched));
            assertThat(count(db, "reading_history")).isEqualTo(readings + 1);
            final Map<String, String> after = ReadModelTables.fingerprint(db);
            for (String table : List.of("rate_history", "meter_latest_rate", "alert_transition", "alert_current")) {
                assertThat(after.get(table)).as(table).isEqualTo(tables.get(table));
            }
            assertThat(Files.readString(log, StandardCharsets.UTF_8))
                    .contains("Resuming from the offsets stored in PostgreSQL")
                    .doesNotContain(PostgresSinkTask.REPLAY_SKIPPED_LOG);
        }
    }

    /** The connector's positions in its Kafka consumer group, summed over partitions (0 when it has none). */
    private static long sinkPositions(ConnectRestClient rest, String connector) {
        long sum = 0;
        for (JsonNode entry : rest.offsets(connector).path("offsets")) {
            sum += entry.path("offset").path("kafka_offset").asLong();
        }
        return sum;
    }

    /** The connector's rows in sink_offset as text, update times included. */
    private static List<String> storedOffsetRows(TestDatabase db, String connector) {
        return List.of(text(db, "SELECT string_agg(t::text, '|' ORDER BY t::text) FROM sink_offset t WHERE connector = '"
                + connector + "'").split("\\|"));
    }

    private static void expectStatus(ConnectRestClient.Response response, int... accepted) {
        assertThat(accepted).as("HTTP status, body: " + response.body()).contains(response.status());
    }
}
