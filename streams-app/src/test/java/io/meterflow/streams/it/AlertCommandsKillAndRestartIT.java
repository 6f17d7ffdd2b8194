package io.meterflow.streams.it;

import io.meterflow.schema.Alert;
import io.meterflow.schema.AlertCommand;
import io.meterflow.schema.AlertCommand.Action;
import io.meterflow.schema.AlertCommandResult;
import io.meterflow.schema.AlertCommandResult.Outcome;
import io.meterflow.schema.AlertCommandResult.Reason;
import io.meterflow.schema.AlertState;
import io.meterflow.schema.Reading;
import io.meterflow.schema.Severity;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.streams.StreamsApp;
import io.meterflow.streams.config.StreamsAppConfigLoader;
import io.meterflow.streams.support.Readings;
import io.meterflow.streams.support.TopologyFixture;
import io.meterflow.testing.kafka.KafkaExtension;
import io.meterflow.testing.kafka.KafkaTestCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operator commands interleaved with readings while the app, exactly_once_v2 in a child JVM, is killed with SIGKILL
 * three times; a fourth run (in this JVM) finishes. Every command, and every redelivery of one, gets exactly one
 * result, in order, with the outcome a single uninterrupted run gives: nothing applied twice, nothing lost. The
 * alert transitions of meters nobody commands equal those of an uninterrupted run (none lost, none duplicated), and
 * the transitions written after the commands carry the workflow the commands left.
 *
 * <p>Commands go only to alerts whose outcome does not depend on how readings and commands interleave: alerts
 * FIRING all along (drift 15 s, never resolving), meters without any alert, and the workflow steps of
 * {@link #CYCLE}, whose outcomes follow from the steps before them on the same key.
 */
@ExtendWith(KafkaExtension.class)
class AlertCommandsKillAndRestartIT {

    private static final int PARTITIONS = 3;
    private static final int KILLS = 3;
    private static final int ROUNDS = 30;
    private static final int FIRING_METERS = 9;
    private static final int QUIET_METERS = 6;
    private static final int FLIPPING_METERS = 6;
    private static final long MIN = 60_000;
    private static final long SEC = 1_000;
    /** Recent, so that the broker's retention does not delete the input (see KillAndRestartIT). */
    private static final long START = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3)).toEpochMilli();
    private static final String RULE = "ClockDrift";
    private static final String RULES = """
            rules:
              - {name: ClockDrift, metric: clock_drift_seconds, above: 10, critical: 60, healthyAfter: PT3M, severity: MEDIUM}
            """;

    /**
     * One workflow cycle on a FIRING alert, from unacknowledged back to unacknowledged: the action, whether it is a
     * redelivery of the step {@code resends} back, and the outcome expected.
     */
    private record Step(Action action, int resends, Outcome outcome, Reason reason) {
    }

    private static final List<Step> CYCLE = List.of(
            new Step(Action.ACKNOWLEDGE, 0, Outcome.APPLIED, null),
            new Step(Action.ACKNOWLEDGE, 0, Outcome.REJECTED, Reason.ALREADY_ACKNOWLEDGED),
            new Step(Action.COMMENT, 0, Outcome.APPLIED, null),
            new Step(null, 3, Outcome.APPLIED, null),
            new Step(Action.UNACKNOWLEDGE, 0, Outcome.APPLIED, null),
            new Step(Action.UNACKNOWLEDGE, 0, Outcome.REJECTED, Reason.NOT_ACKNOWLEDGED),
            new Step(Action.ASSIGN, 0, Outcome.APPLIED, null),
            new Step(Action.SHELVE, 0, Outcome.APPLIED, null),
            new Step(null, 3, Outcome.REJECTED, Reason.NOT_ACKNOWLEDGED));

    /** A command as sent, and the result it must get. */
    private record Sent(AlertCommand command, Outcome outcome, Reason reason, boolean duplicate) {
    }

    @Test
    void commandsInterleavedWithReadingsAcrossThreeKillsAreAppliedExactlyOnce(KafkaTestCluster kafka, @TempDir Path dir)
            throws Exception {
        KilledApp.freshTopics(kafka, PARTITIONS);
        final Path rules = Files.writeString(dir.resolve("rules.yaml"), RULES);
        final Map<String, String> config = KilledApp.config(kafka, dir, rules, "alert-commands-kill-it");
        final Path configFile = KilledApp.writeProperties(dir.resolve("streams.properties"), config);

        final List<Reading> firstReadings = new ArrayList<>();
        for (String meter : meters()) {
            firstReadings.add(reading(meter, 0));
        }
        final List<List<Reading>> roundReadings = new ArrayList<>();
        final List<List<Sent>> roundCommands = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            final List<Reading> readings = new ArrayList<>();
            for (String meter : meters()) {
                readings.add(reading(meter, round));
            }
            roundReadings.add(readings);
        }
        plan(roundCommands);
        final List<Reading> lastReadings = new ArrayList<>();
        for (int m = 0; m < FIRING_METERS; m++) {
            lastReadings.add(Readings.clock(firing(m), at(ROUNDS + 1), 0, at(ROUNDS + 1) + 75 * SEC));
        }

        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            firstReadings.forEach(r -> send(producer, r));
            producer.flush();
            final CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
                for (int round = 0; round < ROUNDS; round++) {
                    roundReadings.get(round).forEach(r -> send(producer, r));
                    roundCommands.get(round).forEach(s -> send(producer, s.command()));
                    producer.flush();
                    KilledApp.pause(Duration.ofMillis(1_500));
                }
            });
            KilledApp.killRepeatedly(kafka, configFile, Path.of("target", "alert-commands-kill-it-app.log"), KILLS,
                    MeterFlowTopics.ALERT_COMMAND_RESULTS.name(), 2 * (FIRING_METERS + QUIET_METERS));
            producing.get();

            final List<Sent> sent = roundCommands.stream().flatMap(List::stream).toList();
            try (StreamsApp app = new StreamsApp(StreamsAppConfigLoader.load(configFile, Map.of()))) {
                app.start();
                Awaitility.await("a result for every command sent").atMost(Duration.ofSeconds(180))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> KilledApp.committed(kafka, MeterFlowTopics.ALERT_COMMAND_RESULTS).size()
                                >= sent.size());
                lastReadings.forEach(r -> send(producer, r));
                producer.flush();
                final List<Alert> expectedFlipping = flippingReference(config, firstReadings, roundReadings);
                Awaitility.await("the escalations after the commands").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> KilledApp.committed(kafka, MeterFlowTopics.ALERTS).stream()
                                .filter(a -> a.meterId().startsWith("firing-") && a.severity() == Severity.CRITICAL)
                                .count() >= FIRING_METERS);

                assertEveryCommandHasExactlyItsResult(kafka, sent);
                assertTransitions(kafka, expectedFlipping, sent);
            }
        }
    }

    private static void plan(List<List<Sent>> rounds) {
        final Map<String, List<AlertCommand>> history = new HashMap<>();
        for (int round = 1; round <= ROUNDS; round++) {
            final List<Sent> commands = new ArrayList<>();
            final Step step = CYCLE.get((round - 1) % CYCLE.size());
            for (int m = 0; m < FIRING_METERS; m++) {
                final List<AlertCommand> mine = history.computeIfAbsent(firing(m), k -> new ArrayList<>());
                final AlertCommand command = step.action() == null ? mine.get(mine.size() - step.resends())
                        : command(firing(m), step.action(), round);
                mine.add(command);
                commands.add(new Sent(command, step.outcome(), step.reason(), step.action() == null));
            }
            for (int m = 0; m < QUIET_METERS; m++) {
                final List<AlertCommand> mine = history.computeIfAbsent(quiet(m), k -> new ArrayList<>());
                final AlertCommand command = step.action() == null ? mine.get(mine.size() - step.resends())
                        : command(quiet(m), step.action(), round);
                mine.add(command);
                // No alert, no episode to remember a command in: a redelivery is rejected again, not a duplicate.
                commands.add(new Sent(command, Outcome.REJECTED, Reason.NO_ACTIVE_ALERT, false));
            }
            rounds.add(commands);
        }
    }

    private static void assertEveryCommandHasExactlyItsResult(KafkaTestCluster kafka, List<Sent> sent) {
        final Map<String, List<AlertCommandResult>> results = KilledApp.committed(kafka,
                MeterFlowTopics.ALERT_COMMAND_RESULTS).stream().collect(Collectors.groupingBy(
                AlertCommandResult::meterId, TreeMap::new, Collectors.toList()));
        final Map<String, List<Sent>> expected = sent.stream().collect(Collectors.groupingBy(
                s -> s.command().meterId(), TreeMap::new, Collectors.toList()));
        assertThat(results.keySet()).containsExactlyElementsOf(expected.keySet());
        for (String meter : expected.keySet()) {
            assertThat(results.get(meter)).as("results of %s, one per command sent, in order", meter)
                    .extracting(AlertCommandResult::commandId, AlertCommandResult::outcome, AlertCommandResult::reason,
                            AlertCommandResult::duplicate)
                    .containsExactlyElementsOf(expected.get(meter).stream().map(s -> org.assertj.core.groups.Tuple.tuple(
                            s.command().commandId(), s.outcome(), s.reason(), s.duplicate())).toList());
        }
        final Map<String, Long> appliedPerCommand = results.values().stream().flatMap(List::stream)
                .filter(r -> r.outcome() == Outcome.APPLIED && !r.duplicate())
                .collect(Collectors.groupingBy(AlertCommandResult::commandId, Collectors.counting()));
        assertThat(appliedPerCommand.values()).as("no command applied twice").containsOnly(1L);
    }

    private static void assertTransitions(KafkaTestCluster kafka, List<Alert> expectedFlipping, List<Sent> sent) {
        final List<Alert> alerts = KilledApp.committed(kafka, MeterFlowTopics.ALERTS);
        assertThat(alerts).as("no transition twice").doesNotHaveDuplicates();
        assertThat(alerts.stream().filter(a -> a.meterId().startsWith("flipping-")).toList())
                .as("transitions of the meters nobody commands, as in an uninterrupted run")
                .containsExactlyInAnyOrderElementsOf(expectedFlipping);
        assertThat(expectedFlipping).extracting(Alert::state).contains(AlertState.FIRING, AlertState.RESOLVED);
        assertThat(alerts).noneMatch(a -> a.meterId().startsWith("quiet-"));
        for (int m = 0; m < FIRING_METERS; m++) {
            final String meter = firing(m);
            final AlertCommand lastShelve = sent.stream().map(Sent::command)
                    .filter(c -> c.meterId().equals(meter) && c.action() == Action.SHELVE)
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(alerts.stream().filter(a -> a.meterId().equals(meter)).toList()).as(meter)
                    .extracting(Alert::state, Alert::severity, Alert::acknowledgedBy, Alert::assignee, Alert::shelvedUntil)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(AlertState.FIRING, Severity.MEDIUM, null, null, null),
                            // after the commands: acknowledged by the last cycle's first step, cleared by the escalation
                            org.assertj.core.groups.Tuple.tuple(AlertState.FIRING, Severity.CRITICAL, null, "carol",
                                    lastShelve.shelvedUntil()));
        }
    }

    /** The flipping meters' transitions in an uninterrupted run (commands touch no flipping meter). */
    private static List<Alert> flippingReference(Map<String, String> config, List<Reading> first,
                                                 List<List<Reading>> rounds) throws Exception {
        final Map<String, String> ttdConfig = new HashMap<>(config);
        ttdConfig.remove("state.dir");
        try (TopologyFixture ttd = new TopologyFixture(ttdConfig, RULES)) {
            ttd.pipeAll(first);
            rounds.forEach(ttd::pipeAll);
            return ttd.drain(MeterFlowTopics.ALERTS).stream().filter(a -> a.meterId().startsWith("flipping-")).toList();
        }
    }

    private static List<String> meters() {
        final List<String> all = new ArrayList<>();
        for (int m = 0; m < FIRING_METERS; m++) {
            all.add(firing(m));
        }
        for (int m = 0; m < QUIET_METERS; m++) {
            all.add(quiet(m));
        }
        for (int m = 0; m < FLIPPING_METERS; m++) {
            all.add("flipping-" + m);
        }
        return all;
    }

    /** One reading a minute; the clock 15 s off (firing), 1 s off (quiet), or 15 s and 1 s by turns of 5 (flipping). */
    private static Reading reading(String meter, int round) {
        final long driftSeconds = meter.startsWith("firing-") ? 15
                : meter.startsWith("quiet-") ? 1
                : (round / 5) % 2 == 0 ? 15 : 1;
        return Readings.clock(meter, at(round), 0, at(round) + driftSeconds * SEC);
    }

    private static AlertCommand command(String meter, Action action, int round) {
        final long at = at(round) + 30 * SEC;
        return AlertCommand.of(meter + "-round-" + round, meter, RULE, action, round % 2 == 0 ? "alice" : "bob", at,
                action == Action.SHELVE ? at + 60 * MIN : null, action == Action.ASSIGN ? "carol" : null,
                action == Action.COMMENT ? "seen in round " + round : null);
    }

    private static long at(int round) {
        return START + round * MIN;
    }

    private static String firing(int m) {
        return "firing-" + m;
    }

    private static String quiet(int m) {
        return "quiet-" + m;
    }

    private static KafkaProducer<String, byte[]> producer(KafkaTestCluster kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, Reading r) {
        producer.send(new ProducerRecord<>(MeterFlowTopics.READINGS.name(), null, r.collectedAt(), r.meterId(),
                MeterFlowTopics.READINGS.valueSerde().serializer().serialize("", r)));
    }

    private static void send(KafkaProducer<String, byte[]> producer, AlertCommand c) {
        producer.send(new ProducerRecord<>(MeterFlowTopics.ALERT_COMMANDS.name(), null, c.at(), c.meterId(),
                MeterFlowTopics.ALERT_COMMANDS.valueSerde().serializer().serialize("", c)));
    }
}
