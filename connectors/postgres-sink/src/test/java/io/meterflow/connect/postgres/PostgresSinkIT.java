package io.meterflow.connect.postgres;

import io.meterflow.kafka.embedded.ConnectRestClient;
import io.meterflow.testing.connect.ConnectWorkerProcess;
import io.meterflow.testing.kafka.KafkaExtension;
import io.meterflow.testing.kafka.KafkaTestCluster;
import io.meterflow.testing.kafka.TopicRecords;
import io.meterflow.testing.postgres.PostgresExtension;
import io.meterflow.testing.postgres.TestDatabase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.meterflow.connect.postgres.ReadModelTables.count;
import static io.meterflow.connect.postgres.ReadModelTables.single;
import static io.meterflow.connect.postgres.ReadModelTables.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged plugin on a real Connect worker (child JVM, plugin loaded from plugin.path only) writing every
 * topic into a real PostgreSQL database; a second connector replaying every topic from the start changes nothing.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class PostgresSinkIT {

    static final Path PLUGIN_PATH = Path.of("target", "plugin");
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    void writesEveryTopicOnceSendsBrokenRecordsToTheDeadLetterQueueAndReplayChangesNothing(
            KafkaTestCluster kafka, TestDatabase db, @TempDir Path logs) {
        final SinkTopics topics = new SinkTopics("sink-it-");
        topics.create(kafka, 2);
        final SampleFleet fleet = SampleFleet.of(6, 20);
        try (TopicFeeder feeder = new TopicFeeder(kafka)) {
            feeder.sendFleet(topics, fleet);
            feeder.sendRaw(topics.readings(), "meter-0", "{\"meterId\":\"meter-0\",\"status\":\"EXPLODED\"}");
            feeder.sendRaw(topics.rates(), "meter-1", "not json at all");
        }

        try (ConnectWorkerProcess worker = SinkWorkers.start(kafka, "sink-it", PLUGIN_PATH, logs.resolve("worker.log"))) {
            final ConnectRestClient rest = worker.rest();
            rest.putConnector("read-model", topics.connectorConfig(db, 2));
            rest.awaitRunning("read-model", 2, TIMEOUT);

            awaitRows(db, "reading_history", fleet.readings().size());
            awaitRows(db, "interval_history", fleet.intervals().size());
            awaitRows(db, "rate_history", fleet.rates().size());
            awaitRows(db, "clock_drift_history", fleet.clockDrift().size());
            awaitRows(db, "error_stats_history", fleet.errorStats().size());
            awaitRows(db, "alert_transition", fleet.alerts().size());
            awaitRows(db, "clock_sync_history", fleet.clockSyncs().size());
            awaitRows(db, "alert_action_log", fleet.commands());

            assertThat(count(db, "meter_latest_reading")).isEqualTo(fleet.meters());
            assertThat(count(db, "meter_latest_rate")).isEqualTo(fleet.meters());
            assertThat(count(db, "meter_latest_clock_drift")).isEqualTo(fleet.meters());
            assertThat(count(db, "meter_latest_error_stats")).isEqualTo(fleet.meters() + 1);
            assertThat(text(db, "SELECT status || ' ' || (extract(epoch FROM collected_at) * 1000)::bigint"
                    + " FROM meter_latest_reading WHERE meter_id = 'meter-1'"))
                    .isEqualTo("OK " + fleet.at(fleet.steps() - 1));
            assertThat(text(db, "SELECT reading_values::text FROM meter_latest_reading WHERE meter_id = 'meter-1'"))
                    .contains("1.0.1.8.0.255").contains("1191");
            assertThat(text(db, "SELECT flags::text || ' ' || clock_offset_ms || ' ' || provenance FROM interval_history"
                    + " WHERE meter_id = 'meter-2' AND captured_at = to_timestamp(" + fleet.at(5) + " / 1000.0)"))
                    .isEqualTo("[\"CLOCK_ADJUSTED\", \"POWER_DOWN\"] 2000 POLL");
            assertThat(text(db, "SELECT result || ' ' || method || ' ' || drift_after_ms || ' ' || error"
                    + " FROM clock_sync_history WHERE meter_id = 'meter-2' AND at = to_timestamp(" + fleet.at(5)
                    + " / 1000.0)")).isEqualTo("REFUSED SHIFT_TIME 90010 SET time: READ_WRITE_DENIED; shift_time: "
                    + "READ_WRITE_DENIED");
            assertThat(text(db, "SELECT state || ' ' || severity FROM alert_current"
                    + " WHERE meter_id = 'meter-0' AND rule = 'error-rate'")).isEqualTo("FIRING HIGH");
            assertWorkflowAndAvailability(db, fleet);
            assertIntervalQuality(db, fleet);
            final List<ConsumerRecord<String, String>> dead = TopicRecords.awaitAtLeast(kafka, topics.deadLetters(), 2,
                    new StringDeserializer(), new StringDeserializer(), TIMEOUT);
            assertThat(dead).extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrder("{\"meterId\":\"meter-0\",\"status\":\"EXPLODED\"}", "not json at all");
            assertThat(dead).allSatisfy(r -> assertThat(new String(r.headers()
                    .lastHeader("__connect.errors.exception.message").value(), StandardCharsets.UTF_8))
                    .startsWith("record sink-it-").containsAnyOf("breaks the", "is not JSON"));
            awaitOffsetsStored(db, "read-model", kafka, topics);

            final Map<String, String> before = ReadModelTables.fingerprint(db);
            rest.delete("read-model");
            // A connector under another name has no stored offsets: it replays every topic from the beginning.
            rest.putConnector("read-model-replay", topics.connectorConfig(db, 1));
            rest.awaitRunning("read-model-replay", 1, TIMEOUT);
            awaitOffsetsStored(db, "read-model-replay", kafka, topics);

            assertThat(ReadModelTables.fingerprint(db)).isEqualTo(before);
            assertThat(ReadModelTables.staleMeterDocuments(db)).isZero();
        }
    }

    /** Whatever order the sink read the alerts and the command results in, the alert rows end up acknowledged. */
    private static void assertWorkflowAndAvailability(TestDatabase db, SampleFleet fleet) {
        Awaitility.await("acknowledged error-rate alerts").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> count(db, "alert_current WHERE rule = 'error-rate' AND acknowledged_by = 'ops-alice'"),
                        n -> n == (fleet.meters() + 1) / 2);
        assertThat(text(db, "SELECT meterflow_epoch_ms(acknowledged_at) FROM alert_current"
                + " WHERE meter_id = 'meter-2' AND rule = 'error-rate'")).isEqualTo(String.valueOf(fleet.at(9)));
        assertThat(count(db, "alert_current WHERE rule = 'clock-drift' AND acknowledged_by IS NOT NULL")).isZero();
        assertThat(text(db, "SELECT outcome || ' ' || reason || ' ' || actor FROM alert_action_log"
                + " WHERE command_id = '00000000-0000-3000-8000-000000000003'")).isEqualTo("REJECTED ALREADY_ACKNOWLEDGED ops-bob");
        assertThat(text(db, "SELECT (result ->> 'duplicate') FROM alert_action_log"
                + " WHERE command_id = '00000000-0000-3000-8000-000000000001'")).as("the first result is kept").isEqualTo("false");
        Awaitility.await("the comment in the meter document").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> text(db, "SELECT document::text FROM meter_document WHERE meter_id = 'meter-0'"),
                        d -> d != null && d.contains("\"comment\" : \"on site at meter-0\"") && d.contains("ops-alice"));
        assertThat(single(db, "SELECT sum(received) FROM meter_availability_daily")).isEqualTo(fleet.readings().size());
        assertThat(single(db, "SELECT sum(received_ok) FROM meter_availability_daily"))
                .isEqualTo(fleet.readings().stream().filter(r -> r.status().name().equals("OK")).count());
    }

    /**
     * The highest version of each validated interval, every version in the history; the newest ledger value per
     * meter-day; each re-read with its latest attempt and outcome. Stale values that came later on their topics lost.
     */
    private static void assertIntervalQuality(TestDatabase db, SampleFleet fleet) {
        final long revised = fleet.at(SampleFleet.REVISED_STEP);
        awaitRows(db, "interval_validated_history", fleet.validatedIntervals().size());
        awaitRows(db, "interval_validated", fleet.intervals().size());
        assertThat(text(db, "SELECT version || ' ' || quality || ' ' || provenance || ' ' || interval_values::text"
                + " FROM interval_validated WHERE meter_id = 'meter-0' AND meterflow_epoch_ms(captured_at) = " + revised))
                .as("the real row superseded the estimate").isEqualTo("2 VALID POLL [{\"obis\": \"1.0.1.8.0.255\", "
                        + "\"unit\": \"Wh\", \"value\": 700.0}]");
        assertThat(text(db, "SELECT string_agg(version || ' ' || quality || ' ' || coalesce(provenance, '-'), ', '"
                + " ORDER BY version) FROM interval_validated_history WHERE meter_id = 'meter-0'"
                + " AND meterflow_epoch_ms(captured_at) = " + revised)).isEqualTo("1 ESTIMATED -, 2 VALID POLL");
        assertThat(text(db, "SELECT version || ' ' || quality || ' ' || (reasons -> 0 ->> 'rule') FROM interval_validated"
                + " WHERE meter_id = 'meter-1' AND meterflow_epoch_ms(captured_at) = " + revised))
                .as("a lower version arriving later changes nothing").isEqualTo("2 SUSPECT SPIKE");

        awaitRows(db, "meter_completeness", fleet.meters());
        assertThat(text(db, "SELECT day || ' ' || expected || ' ' || received || ' ' || estimated || ' ' || missing"
                + " || ' ' || (gaps -> 0 ->> 'state') FROM meter_completeness WHERE meter_id = 'meter-1'"))
                .as("the newest ledger value, not the stale copy after it")
                .isEqualTo(fleet.day() + " 20 18 2 0 ESTIMATED");
        assertThat(count(db, "meter_completeness WHERE missing = 0")).isEqualTo(fleet.meters());

        awaitRows(db, "backfill_request", (fleet.meters() + 1) / 2);
        Awaitility.await("latest outcomes").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> count(db, "backfill_request WHERE result = 'READ' AND attempt = 2"),
                        n -> n == (fleet.meters() + 1) / 2);
        assertThat(text(db, "SELECT reason || ' ' || outcome_attempt || ' ' || rows_read || ' '"
                + " || meterflow_epoch_ms(requested_at) || ' ' || coalesce(error, '-') FROM backfill_request"
                + " WHERE meter_id = 'meter-2'")).isEqualTo("GAP 2 2 " + fleet.at(5) + " -");
    }

    static void awaitRows(TestDatabase db, String table, long expected) {
        Awaitility.await(expected + " rows in " + table).atMost(TIMEOUT).ignoreExceptions().pollInterval(Duration.ofMillis(200))
                .until(() -> count(db, table), n -> n == expected);
        assertThat(count(db, table)).isEqualTo(expected);
    }

    /** Waits until the connector's offsets in the database reach the end of every topic. */
    static void awaitOffsetsStored(TestDatabase db, String connector, KafkaTestCluster kafka, SinkTopics topics) {
        final long end = TopicEnds.total(kafka, topics.all());
        Awaitility.await("offsets of " + connector + " at the topics' end (" + end + ")").atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> single(db, "SELECT coalesce(sum(next_offset), 0) FROM sink_offset WHERE connector = '"
                        + connector + "'"), n -> n == end);
    }
}
