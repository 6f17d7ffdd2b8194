package io.meterflow.connect.dlms;

import io.meterflow.connect.dlms.backfill.RequestPositions;
import io.meterflow.schema.BackfillOutcome;
import io.meterflow.schema.BackfillReason;
import io.meterflow.schema.BackfillRequest;
import io.meterflow.schema.BackfillResult;
import io.meterflow.schema.Provenance;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.simulator.dlms.DlmsFleet;
import io.meterflow.simulator.dlms.DlmsFleetOptions;
import io.meterflow.simulator.scenario.Scenario;
import io.meterflow.testing.kafka.KafkaExtension;
import io.meterflow.testing.kafka.KafkaTestCluster;
import io.meterflow.testing.postgres.PostgresExtension;
import io.meterflow.testing.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * One task (as a worker drives it) against simulated meters over TCP, with its request consumer on a real broker:
 * what a request gets when the meter does not answer or the range is not over yet, that a starting task does not
 * serve again what its stored positions mark answered, and who answers for pushing meters.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class BackfillTaskIT {

    private static final String OUTCOMES = "it-outcomes";

    @Test
    void aMeterThatDoesNotAnswerAndARangeNotOverYetAreAnsweredFailedWithTheReason(KafkaTestCluster kafka)
            throws Exception {
        final String requests = "t1-requests";
        kafka.createTopics(1, requests);
        final String scenario = """
                seed: 31
                groups:
                  - {idPrefix: quiet-, count: 1, protocol: DLMS, behaviour: {silences: [{after: PT0S, duration: PT1H}]}}
                  - {idPrefix: ok-, count: 1, protocol: DLMS}
                """;
        try (DlmsFleet fleet = fleet(scenario);
             TaskHarness task = new TaskHarness(props(fleet, kafka, requests), Map.of())) {
            final long now = System.currentTimeMillis() / 1_000 * 1_000;
            final BackfillRequest quiet = BackfillRequests.of("quiet-0001", now - 20_000, now - 10_000, 1);
            final BackfillRequest future = BackfillRequests.of("ok-0001", now - 5_000, now + 600_000, 1);
            BackfillRequests.send(kafka, requests, quiet, future);

            await().atMost(Duration.ofSeconds(60)).until(() -> outcomes(task).size() >= 2);
            final Map<String, BackfillOutcome> byRequest = new HashMap<>();
            outcomes(task).forEach(o -> byRequest.put(o.requestId(), o));
            assertThat(byRequest.get(quiet.requestId())).satisfies(o -> {
                assertThat(o.result()).isEqualTo(BackfillResult.FAILED);
                assertThat(o.error()).as("the failed cycle's error").isNotBlank()
                        .isIn(task.records("it-readings").stream().map(JsonRecords::reading)
                                .filter(r -> r.meterId().equals("quiet-0001")).map(r -> r.error()).toList());
                assertThat(o.rowsRead()).isZero();
            });
            assertThat(byRequest.get(future.requestId())).satisfies(o -> {
                assertThat(o.result()).isEqualTo(BackfillResult.FAILED);
                assertThat(o.error()).contains("after the meter's clock");
            });
            assertThat(task.metric("backfill-outcomes-total", Map.of("result", "FAILED"))).isEqualTo(2.0);
            assertThat(task.records(OUTCOMES)).allSatisfy(r ->
                    assertThat(JsonRecords.violations(MeterFlowTopics.BACKFILL_OUTCOMES, r)).isEmpty());
        }
    }

    @Test
    void aStartingTaskServesOnlyTheRequestsAboveItsMetersStoredPosition(KafkaTestCluster kafka) throws Exception {
        final String requests = "t2-requests";
        kafka.createTopics(1, requests);
        try (DlmsFleet fleet = fleet("seed: 32\ngroups:\n  - {idPrefix: ok-, count: 1, protocol: DLMS}\n")) {
            final long now = System.currentTimeMillis() / 1_000 * 1_000;
            final List<BackfillRequest> sent = List.of(BackfillRequests.of("ok-0001", now - 30_000, now - 28_000, 1),
                    BackfillRequests.of("ok-0001", now - 20_000, now - 18_000, 1),
                    BackfillRequests.of("ok-0001", now - 10_000, now - 8_000, 1));
            BackfillRequests.send(kafka, requests, sent.toArray(BackfillRequest[]::new)); // offsets 0, 1, 2
            // What a task that answered the first two before a crash committed.
            final Map<Map<String, Object>, Map<String, Object>> committed = Map.of(
                    Map.<String, Object>copyOf(RequestPositions.partition("ok-0001")),
                    Map.of(RequestPositions.key(requests, 0), 2L));
            try (TaskHarness task = new TaskHarness(props(fleet, kafka, requests), committed)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> !outcomes(task).isEmpty());
                assertThat(outcomes(task)).singleElement().satisfies(o -> {
                    assertThat(o.requestId()).isEqualTo(sent.get(2).requestId());
                    assertThat(o.result()).isEqualTo(BackfillResult.READ);
                    assertThat(o.rowsRead()).isEqualTo(3);
                });
                assertThat(task.records(OUTCOMES).get(0).sourceOffset())
                        .isEqualTo(Map.of(RequestPositions.key(requests, 0), 3L));
                assertThat(task.records("it-intervals")).as("re-read rows leave the profile's offset alone")
                        .filteredOn(r -> JsonRecords.interval(r).provenance() == Provenance.BACKFILL).hasSize(3)
                        .allSatisfy(r -> assertThat(r.sourcePartition())
                                .isEqualTo(RequestPositions.partition("ok-0001")));
            }
        }
    }

    /**
     * Issue 16's hybrid: a meter that pushes (it has a system title) and is polled (an inventory 'dlms' row) has the
     * gaps in its pushed rows read back by its poll task; a pure push meter (no address, behind NAT) has no poll task,
     * and nobody answers for it (the ledger's retry budget ends its ranges).
     */
    @Test
    void aPushGapOfAPolledMeterIsReadByItsPollTaskAndOneOfAPurePushMeterByNobody(KafkaTestCluster kafka,
                                                                                   TestDatabase db)
            throws Exception {
        final String requests = "t3-requests";
        kafka.createTopics(1, requests);
        final Inventory inventory = Inventory.migrate(db);
        try (DlmsFleet fleet = fleet("seed: 33\ngroups:\n  - {idPrefix: hybrid-, count: 1, protocol: DLMS}\n")) {
            inventory.upsert(fleet.endpoints());
            inventory.execute("UPDATE meter_inventory SET system_title = '4d46530000000001' WHERE meter_id = 'hybrid-0001'");
            inventory.execute("INSERT INTO meter_inventory (meter_id, protocol, system_title) "
                    + "VALUES ('nat-0001', 'dlms-push', '4d46530000000002')");
            final Map<String, String> props = new HashMap<>(props(fleet, kafka, requests));
            props.putAll(Map.of("meters.source", "INVENTORY", "inventory.jdbc.url", db.jdbcUrl(),
                    "inventory.jdbc.user", db.user(), "task.meter.ids", "hybrid-0001"));
            props.remove("meters");
            final long now = System.currentTimeMillis() / 1_000 * 1_000;
            final BackfillRequest pushGap = pushGap("hybrid-0001", now - 20_000, now - 15_000);
            final BackfillRequest nat = pushGap("nat-0001", now - 20_000, now - 15_000);
            final BackfillRequest later = pushGap("hybrid-0001", now - 10_000, now - 5_000);
            BackfillRequests.send(kafka, requests, pushGap, nat, later);
            try (TaskHarness task = new TaskHarness(props, Map.of())) {
                await().atMost(Duration.ofSeconds(60)).until(() -> outcomes(task).stream()
                        .anyMatch(o -> o.requestId().equals(later.requestId())));
                assertThat(outcomes(task)).extracting(BackfillOutcome::requestId, BackfillOutcome::result,
                                BackfillOutcome::rowsRead)
                        .containsExactly(tuple(pushGap.requestId(), BackfillResult.READ, 6),
                                tuple(later.requestId(), BackfillResult.READ, 6));
            }
        }
    }

    private static BackfillRequest pushGap(String meterId, long from, long to) {
        return new BackfillRequest(meterId, BackfillRequest.requestIdOf(meterId, from, to), from, to, 1,
                BackfillReason.PUSH_GAP, 1, System.currentTimeMillis());
    }

    private static DlmsFleet fleet(String scenario) {
        return DlmsFleet.start(Scenario.parse(scenario, "it").meters(), System.currentTimeMillis(),
                DlmsFleetOptions.DEFAULTS.withCapturePeriod(Duration.ofSeconds(1)).withProfileHistoryRows(120));
    }

    private static Map<String, String> props(DlmsFleet fleet, KafkaTestCluster kafka, String requests) {
        final Map<String, String> props = new HashMap<>(InlineFleet.taskProps(fleet));
        props.putAll(Map.of("poll.interval.ms", "500", "response.timeout.ms", "300", "backoff.max.ms", "1000",
                "profile.read.interval.ms", "0", "profile.initial.lookback.ms", "5000",
                "backfill.enabled", "true", "backfill.bootstrap.servers", kafka.bootstrapServers(),
                "backfill.requests.topic", requests, "backfill.outcomes.topic", OUTCOMES));
        return props;
    }



    private static List<BackfillOutcome> outcomes(TaskHarness task) {
        return task.records(OUTCOMES).stream().map(JsonRecords::backfillOutcome).toList();
    }
}
