package io.meterflow.connect.dlms;

import io.meterflow.kafka.embedded.EmbeddedConnectWorker;
import io.meterflow.schema.BackfillOutcome;
import io.meterflow.schema.BackfillRequest;
import io.meterflow.schema.BackfillResult;
import io.meterflow.schema.Interval;
import io.meterflow.schema.Provenance;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.schema.validation.SchemaValidator;
import io.meterflow.simulator.dlms.DlmsFleet;
import io.meterflow.simulator.dlms.DlmsFleetOptions;
import io.meterflow.simulator.scenario.Scenario;
import io.meterflow.testing.connect.ConnectWorkerProcess;
import io.meterflow.testing.kafka.KafkaExtension;
import io.meterflow.testing.kafka.KafkaTestCluster;
import io.meterflow.testing.kafka.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Backfill requests served by the packaged plugin on a real Connect worker in a child JVM, against simulated meters
 * over TCP that lose rows the ways real meters do: rows an incremental read passed by are read back exactly as the
 * meter holds them, a range the ring buffer overwrote is UNRECOVERABLE naming where the buffer starts, every request
 * is served once by the task that polls its meter, and none is lost when the worker is SIGKILLed mid-backfill.
 */
@ExtendWith(KafkaExtension.class)
class BackfillIT {

    private static final Path PLUGIN_PATH = Path.of("target", "plugin").toAbsolutePath();
    private static final String OWN_CLASSES = Path.of("target", "classes").toAbsolutePath().toString();
    private static final Predicate<String> NOT_THE_PLUGIN = entry -> entry.equals(OWN_CLASSES);
    private static final SchemaValidator VALIDATOR = new SchemaValidator();
    private static final int PERIOD_S = 2;
    private static final long PERIOD_MS = PERIOD_S * 1_000L;
    private static final long LATE_DELAY_MS = 5_000;

    @Test
    void lostRowsAreReadBackAndOverwrittenOnesAnsweredUnrecoverableEachOnceByTheMetersOwner(KafkaTestCluster kafka)
            throws Exception {
        final String prefix = "b1";
        kafka.createTopics(1, prefix + "-readings", prefix + "-intervals", prefix + "-requests", prefix + "-outcomes");
        final String scenario = """
                seed: 21
                groups:
                  - {idPrefix: late-, count: 1, protocol: DLMS, behaviour: {profile: {lateRows: {every: 3, delay: PT5S}}}}
                  - {idPrefix: plain-, count: 2, protocol: DLMS}
                  - {idPrefix: ring-, count: 1, protocol: DLMS, behaviour: {profile: {entries: 4}}}
                """;
        try (DlmsFleet fleet = DlmsFleet.start(Scenario.parse(scenario, "it").meters(), System.currentTimeMillis(),
                DlmsFleetOptions.DEFAULTS.withCapturePeriod(Duration.ofMillis(PERIOD_MS)).withProfileHistoryRows(300));
             ConnectWorkerProcess worker = ConnectWorkerProcess.start(worker(kafka, "dlms-" + prefix), NOT_THE_PLUGIN,
                     Path.of("target", "worker-" + prefix + ".log"))) {
            // Sorted and dealt round-robin: task 0 polls late-0001 and plain-0002, task 1 plain-0001 and ring-0001.
            worker.rest().putConnector(prefix, config(fleet, kafka, prefix, Map.of("tasks.max", "2")));
            worker.rest().awaitRunning(prefix, 2, Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(90)).until(() -> polledCaptures(kafka, prefix, "late-0001").size() >= 8);

            final long now = System.currentTimeMillis();
            final long lateTo = floor(now - LATE_DELAY_MS - PERIOD_MS);
            final long lateFrom = polledCaptures(kafka, prefix, "late-0001").get(0);
            final List<Long> polled = polledCaptures(kafka, prefix, "late-0001");
            assertThat(held(fleet, "late-0001", lateFrom, lateTo).keySet()).as("the incremental read passed late rows by")
                    .anyMatch(capture -> !polled.contains(capture));
            final long ringFrom = floor(now - 30_000);
            final long ringTo = floor(now - PERIOD_MS);
            final long plainFrom = floor(now - 20_000);
            final long plainTo = floor(now - 10_000);
            final BackfillRequest late = BackfillRequests.of("late-0001", lateFrom, lateTo, PERIOD_S);
            final BackfillRequest ring = BackfillRequests.of("ring-0001", ringFrom, ringTo, PERIOD_S);
            final BackfillRequest plain = BackfillRequests.of("plain-0001", plainFrom, plainTo, PERIOD_S);
            BackfillRequests.send(kafka, prefix + "-requests", late, ring, plain);

            await().atMost(Duration.ofSeconds(60)).until(() -> outcomes(kafka, prefix).keySet()
                    .containsAll(List.of(late.requestId(), ring.requestId(), plain.requestId())));
            // One later request per task, behind the first ones on the same partition: once both are answered both
            // tasks' consumers have passed the first requests, so any second answer to them would be there.
            final BackfillRequest afterTask0 = BackfillRequests.of("plain-0002", plainFrom, plainTo, PERIOD_S);
            final BackfillRequest afterTask1 = BackfillRequests.of("plain-0001", plainFrom - PERIOD_MS, plainTo,
                    PERIOD_S);
            BackfillRequests.send(kafka, prefix + "-requests", afterTask0, afterTask1);
            await().atMost(Duration.ofSeconds(60)).until(() -> outcomes(kafka, prefix).keySet()
                    .containsAll(List.of(afterTask0.requestId(), afterTask1.requestId())));
            final Map<String, List<BackfillOutcome>> outcomes = outcomes(kafka, prefix);
            assertThat(outcomes.values()).as("one outcome per request").allSatisfy(o -> assertThat(o).hasSize(1));

            final SortedMap<Long, List<Long>> lateHeld = held(fleet, "late-0001", lateFrom, lateTo);
            final BackfillOutcome lateOutcome = outcomes.get(late.requestId()).get(0);
            assertThat(lateOutcome.result()).isEqualTo(BackfillResult.READ);
            assertThat(lateOutcome.rowsRead()).isEqualTo(lateHeld.size());
            assertThat(backfilled(kafka, prefix, "late-0001")).as("re-read rows equal what the meter holds")
                    .isEqualTo(lateHeld);

            final BackfillOutcome ringOutcome = outcomes.get(ring.requestId()).get(0);
            assertThat(ringOutcome.result()).isEqualTo(BackfillResult.UNRECOVERABLE);
            assertThat(ringOutcome.bufferStart()).isGreaterThan(ringFrom).isLessThanOrEqualTo(ringTo)
                    .matches(start -> start % PERIOD_MS == 0, "a capture boundary")
                    .isLessThanOrEqualTo(fleet.heldProfileRows("ring-0001").firstKey());
            assertThat(ringOutcome.error()).contains("buffer starts at", "4 entries in use");
            assertThat(ringOutcome.rowsRead()).isBetween(1, 4);
            assertThat(backfilled(kafka, prefix, "ring-0001").keySet()).hasSize(ringOutcome.rowsRead())
                    .allMatch(capture -> capture >= ringOutcome.bufferStart() && capture <= ringTo);

            final BackfillOutcome plainOutcome = outcomes.get(plain.requestId()).get(0);
            assertThat(plainOutcome.result()).isEqualTo(BackfillResult.READ);
            assertThat(plainOutcome.rowsRead()).isEqualTo(6);
            assertThat(plainOutcome.bufferStart()).isNull();

            assertThat(TopicRecords.readAll(kafka, prefix + "-outcomes", new StringDeserializer(),
                    new StringDeserializer())).allSatisfy(r -> {
                        assertThat(VALIDATOR.validate(MeterFlowTopics.BACKFILL_OUTCOMES, r.value())).isEmpty();
                        assertThat(r.key()).isEqualTo(outcome(r).meterId());
                    });
            assertThat(intervalRecords(kafka, prefix)).allSatisfy(r ->
                    assertThat(VALIDATOR.validate(MeterFlowTopics.INTERVALS, r.value())).isEmpty());
            assertThat(intervals(kafka, prefix)).as("every row carries the profile's capture period")
                    .allMatch(i -> i.capturePeriodSeconds() == 2);
        }
    }

    @Test
    void everyRequestIsAnsweredAfterTheWorkerIsKilledWithRequestsInFlight(KafkaTestCluster kafka) throws Exception {
        final String prefix = "b2";
        kafka.createTopics(1, prefix + "-readings", prefix + "-intervals", prefix + "-outcomes");
        kafka.createTopics(3, prefix + "-requests");
        final EmbeddedConnectWorker.Builder cluster = worker(kafka, "dlms-" + prefix);
        final String scenario = "seed: 22\ngroups:\n  - {idPrefix: k-, count: 4, protocol: DLMS}\n";
        try (DlmsFleet fleet = DlmsFleet.start(Scenario.parse(scenario, "it").meters(), System.currentTimeMillis(),
                DlmsFleetOptions.DEFAULTS.withCapturePeriod(Duration.ofSeconds(1)).withProfileHistoryRows(600))) {
            final List<BackfillRequest> requests = new ArrayList<>();
            final ConnectWorkerProcess first = ConnectWorkerProcess.start(cluster, NOT_THE_PLUGIN,
                    Path.of("target", "worker-" + prefix + "-first.log"));
            final long killedAt;
            try {
                // Three rows per cycle: a request of 12 rows takes four cycles, so several are in flight at the kill.
                first.rest().putConnector(prefix, config(fleet, kafka, prefix, Map.of("tasks.max", "2",
                        "backfill.max.rows.per.read", "3")));
                first.rest().awaitRunning(prefix, 2, Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(60)).until(() -> fleet.endpoints().stream()
                        .allMatch(m -> !polledCaptures(kafka, prefix, m.meterId()).isEmpty()));
                final long base = (System.currentTimeMillis() - 120_000) / 1_000 * 1_000;
                for (int i = 0; i < 8; i++) {
                    for (var meter : fleet.endpoints()) {
                        final long from = base + i * 12_000L;
                        requests.add(BackfillRequests.of(meter.meterId(), from, from + 11_000, 1));
                    }
                }
                BackfillRequests.send(kafka, prefix + "-requests", requests.toArray(BackfillRequest[]::new));
                // Kill once answers older than a few offset flushes (1 s) exist and most requests are still open.
                await().atMost(Duration.ofSeconds(90)).until(() -> outcomes(kafka, prefix).values().stream()
                        .flatMap(List::stream).anyMatch(o -> o.at() < System.currentTimeMillis() - 5_000));
            } finally {
                first.kill();
            }
            killedAt = System.currentTimeMillis();
            final Map<String, List<BackfillOutcome>> beforeKill = outcomes(kafka, prefix);
            assertThat(beforeKill.size()).as("requests still open at the kill").isLessThan(requests.size());
            try (ConnectWorkerProcess second = ConnectWorkerProcess.start(cluster, NOT_THE_PLUGIN,
                    Path.of("target", "worker-" + prefix + "-second.log"))) {
                second.rest().awaitRunning(prefix, 2, Duration.ofSeconds(90));
                await().atMost(Duration.ofSeconds(120)).until(() -> outcomes(kafka, prefix).keySet()
                        .containsAll(requests.stream().map(BackfillRequest::requestId).toList()));
            }
            final Map<String, List<BackfillOutcome>> outcomes = outcomes(kafka, prefix);
            assertThat(outcomes.values()).allSatisfy(answers -> assertThat(answers).allSatisfy(o -> {
                assertThat(o.result()).isEqualTo(BackfillResult.READ);
                assertThat(o.rowsRead()).isEqualTo(12);
            }));
            assertThat(beforeKill.values().stream().flatMap(List::stream).filter(o -> o.at() < killedAt - 5_000))
                    .as("answers committed long before the kill are not executed again")
                    .isNotEmpty()
                    .allSatisfy(o -> assertThat(outcomes.get(o.requestId())).hasSize(1));
            final Map<String, List<Interval>> rows = intervals(kafka, prefix).stream()
                    .filter(i -> i.provenance() == Provenance.BACKFILL)
                    .collect(Collectors.groupingBy(Interval::meterId));
            for (BackfillRequest request : requests) {
                assertThat(rows.get(request.meterId()).stream().map(Interval::capturedAt)
                        .filter(t -> t >= request.from() && t <= request.to()).distinct().count())
                        .as("rows of %s", request.requestId()).isEqualTo(12);
            }
        }
    }

    private static long floor(long ms) {
        return Math.floorDiv(ms, PERIOD_MS) * PERIOD_MS;
    }



    private static SortedMap<Long, List<Long>> held(DlmsFleet fleet, String meterId, long from, long to) {
        return fleet.heldProfileRows(meterId).subMap(from, to + 1);
    }

    /** Capture time to energy values (import, export) of the meter's BACKFILL rows. */
    private static SortedMap<Long, List<Long>> backfilled(KafkaTestCluster kafka, String prefix, String meterId) {
        final SortedMap<Long, List<Long>> rows = new java.util.TreeMap<>();
        intervals(kafka, prefix).stream()
                .filter(i -> i.meterId().equals(meterId) && i.provenance() == Provenance.BACKFILL)
                .forEach(i -> rows.put(i.capturedAt(), i.values().stream()
                        .map(v -> Math.round(v.value())).toList()));
        return rows;
    }

    private static List<Long> polledCaptures(KafkaTestCluster kafka, String prefix, String meterId) {
        return intervals(kafka, prefix).stream()
                .filter(i -> i.meterId().equals(meterId) && i.provenance() == Provenance.POLL)
                .map(Interval::capturedAt).sorted().toList();
    }

    private static List<ConsumerRecord<String, String>> intervalRecords(KafkaTestCluster kafka, String prefix) {
        return TopicRecords.readAll(kafka, prefix + "-intervals", new StringDeserializer(), new StringDeserializer());
    }

    private static List<Interval> intervals(KafkaTestCluster kafka, String prefix) {
        final var deserializer = MeterFlowTopics.INTERVALS.valueSerde().deserializer();
        return intervalRecords(kafka, prefix).stream()
                .map(r -> deserializer.deserialize(r.topic(), r.value().getBytes(StandardCharsets.UTF_8))).toList();
    }

    private static Map<String, List<BackfillOutcome>> outcomes(KafkaTestCluster kafka, String prefix) {
        return TopicRecords.readAll(kafka, prefix + "-outcomes", new StringDeserializer(), new StringDeserializer())
                .stream().map(BackfillIT::outcome).collect(Collectors.groupingBy(BackfillOutcome::requestId));
    }

    private static BackfillOutcome outcome(ConsumerRecord<String, String> record) {
        return MeterFlowTopics.BACKFILL_OUTCOMES.valueSerde().deserializer()
                .deserialize(record.topic(), record.value().getBytes(StandardCharsets.UTF_8));
    }

    private static EmbeddedConnectWorker.Builder worker(KafkaTestCluster kafka, String group) {
        return EmbeddedConnectWorker.builder(kafka.bootstrapServers()).groupId(group).pluginPath(PLUGIN_PATH);
    }

    private static Map<String, String> config(DlmsFleet fleet, KafkaTestCluster kafka, String prefix,
                                              Map<String, String> extra) {
        final Map<String, String> config = new HashMap<>(Map.of("backfill.enabled", "true",
                "backfill.bootstrap.servers", kafka.bootstrapServers(),
                "backfill.requests.topic", prefix + "-requests", "backfill.outcomes.topic", prefix + "-outcomes"));
        config.putAll(extra);
        return InlineFleet.connectorConfig(fleet, prefix, config);
    }
}
