package io.meterflow.connect.dlms;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.meterflow.connect.dlms.record.MeterRecords;
import io.meterflow.schema.Reading;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.simulator.dlms.DlmsFleet;
import io.meterflow.simulator.dlms.DlmsFleetOptions;
import io.meterflow.simulator.dlms.fault.FaultKind;
import io.meterflow.simulator.dlms.fault.InjectedFault;
import io.meterflow.simulator.scenario.Scenario;
import io.meterflow.testing.postgres.PostgresExtension;
import io.meterflow.testing.postgres.TestDatabase;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The task against simulated meters over real TCP: readings, statuses, load profile, metrics. */
@ExtendWith(PostgresExtension.class)
class DlmsPollingIT {

    private static final String KEYS = "authenticationKey: 000102030405060708090a0b0c0d0e0f, "
            + "encryptionKey: 0f0e0d0c0b0a09080706050403020100";
    private static Inventory inventory;
    private static TestDatabase database;
    private static String jdbcUrl;

    @BeforeAll
    static void migrate(TestDatabase db) {
        inventory = Inventory.migrate(db);
        database = db;
        jdbcUrl = db.jdbcUrl();
    }

    @Test
    void metersOfEveryAuthenticationGiveOneSchemaValidReadingPerCycleAndTheirLoadProfile() throws Exception {
        final String scenario = """
                seed: 3
                groups:
                  - {idPrefix: ok-none-, count: 2, protocol: DLMS}
                  - {idPrefix: ok-lls-, count: 2, protocol: DLMS, behaviour: {auth: {mechanism: LOW, password: s3cret}}}
                  - {idPrefix: ok-hls-, count: 2, protocol: DLMS, behaviour: {auth: {mechanism: HLS5_GMAC, %s}}}
                """.formatted(KEYS);
        try (DlmsFleet fleet = DlmsFleet.start(Scenario.parse(scenario, "test").meters(), System.currentTimeMillis(),
                DlmsFleetOptions.DEFAULTS.withCapturePeriod(Duration.ofSeconds(1)).withProfileHistoryRows(30))) {
            inventory.upsert(fleet.endpoints());
            final Map<String, String> props = taskProps(fleet, Map.of(
                    "poll.interval.ms", "500", "profile.read.interval.ms", "0", "profile.initial.lookback.ms", "10000"));
            try (TaskHarness task = new TaskHarness(props, Map.of())) {
                await().atMost(Duration.ofSeconds(60)).until(() -> fleet.endpoints().stream().allMatch(m ->
                        readings(task, m.meterId()).size() >= 4));
                await().atMost(Duration.ofSeconds(30)).until(() -> task.records("it-intervals").size() >= 6 * 12);

                final List<SourceRecord> readings = task.records("it-readings");
                assertThat(readings).allSatisfy(r -> {
                    assertThat(JsonRecords.violations(MeterFlowTopics.READINGS, r)).isEmpty();
                    assertThat(JsonRecords.reading(r).status().name()).isEqualTo("OK");
                    assertThat(r.key()).isEqualTo(JsonRecords.reading(r).meterId());
                    assertThat(r.timestamp()).isEqualTo(JsonRecords.reading(r).collectedAt());
                });
                final Reading first = JsonRecords.reading(readings.get(0));
                assertThat(JsonRecords.json(readings.get(0))).contains("\"source\":\"dlms\"", "\"error\":null");
                final Map<String, String> units = first.values().stream()
                        .collect(Collectors.toMap(v -> v.obis(), v -> String.valueOf(v.unit())));
                assertThat(units).containsExactlyInAnyOrderEntriesOf(Map.of("1.0.1.8.0.255", "Wh",
                        "1.0.2.8.0.255", "Wh", "1.0.32.7.0.255", "V", "1.0.31.7.0.255", "A", "1.0.1.7.0.255", "W"));
                assertThat(value(first, "1.0.32.7.0.255")).isBetween(220.0, 240.0);
                assertThat(first.meterTime()).isCloseTo(first.collectedAt(),
                        org.assertj.core.data.Offset.offset(5_000L));
                for (var meter : fleet.endpoints()) {
                    final List<Double> energy = readings(task, meter.meterId()).stream()
                            .map(r -> value(JsonRecords.reading(r), "1.0.1.8.0.255")).toList();
                    assertThat(energy).as("energy of %s only grows", meter.meterId()).isSorted();
                }

                final List<SourceRecord> intervals = task.records("it-intervals");
                assertThat(intervals).allSatisfy(r ->
                        assertThat(JsonRecords.violations(MeterFlowTopics.INTERVALS, r)).isEmpty());
                final Map<String, List<Long>> captures = intervals.stream().collect(Collectors.groupingBy(
                        r -> (String) r.key(), Collectors.mapping(r -> JsonRecords.interval(r).capturedAt(),
                                Collectors.toList())));
                assertThat(captures.values()).allSatisfy(times -> {
                    assertThat(times).isSorted().doesNotHaveDuplicates();
                    assertThat(times.get(times.size() - 1) - times.get(0)).isEqualTo((times.size() - 1) * 1_000L);
                });
            }
        }
    }

    @Test
    void fiftyMetersWithTenPercentInjectedFailuresReportEveryFailureAsTheKindInjected() throws Exception {
        final String failures = "failures: {timeout: 0.025, refused: 0.025, garbage: 0.025, authReject: 0.025}";
        final String scenario = """
                seed: 11
                groups:
                  - {idPrefix: f-none-, count: 20, protocol: DLMS, behaviour: {%1$s}}
                  - {idPrefix: f-lls-, count: 15, protocol: DLMS, behaviour: {%1$s, auth: {mechanism: LOW, password: pw}}}
                  - {idPrefix: f-hls-, count: 15, protocol: DLMS, behaviour: {%1$s, auth: {mechanism: HLS5_GMAC, %2$s}}}
                """.formatted(failures, KEYS);
        try (DlmsFleet fleet = DlmsFleet.start(Scenario.parse(scenario, "test").meters(), System.currentTimeMillis())) {
            inventory.upsert(fleet.endpoints());
            final Map<String, String> props = taskProps(fleet, Map.of("poll.interval.ms", "1000",
                    "response.timeout.ms", "2000", "association.keep.open", "false", "profile.enabled", "false",
                    "connections.per.second", "500", "backoff.max.ms", "2000"));
            try (TaskHarness task = new TaskHarness(props, Map.of())) {
                await().atMost(Duration.ofSeconds(120)).until(() -> {
                    final Map<FaultKind, Long> kinds = fleet.injectedFaults().stream()
                            .collect(Collectors.groupingBy(InjectedFault::kind, Collectors.counting()));
                    return EnumSet.of(FaultKind.TIMEOUT, FaultKind.REFUSED, FaultKind.GARBAGE, FaultKind.AUTH_REJECT)
                            .stream().allMatch(k -> kinds.getOrDefault(k, 0L) >= 3);
                });
                fleet.pauseFaults(true);
                final long settledFrom = System.currentTimeMillis() + 500;
                await().atMost(Duration.ofSeconds(60)).until(() -> fleet.endpoints().stream().allMatch(m ->
                        readings(task, m.meterId()).stream().anyMatch(r -> isOk(r)
                                && JsonRecords.reading(r).collectedAt() > settledFrom)));

                task.stopTask();
                final List<SourceRecord> readings = task.records("it-readings");
                final List<InjectedFault> injected = fleet.injectedFaults();
                final Map<String, List<String>> expected = injected.stream().collect(Collectors.groupingBy(
                        InjectedFault::meterId, Collectors.mapping(f -> f.kind().expectedStatus(), Collectors.toList())));
                final Map<String, List<String>> reported = readings.stream().filter(r -> !isOk(r))
                        .collect(Collectors.groupingBy(r -> (String) r.key(),
                                Collectors.mapping(r -> JsonRecords.reading(r).status().name(), Collectors.toList())));
                // Every injected failure is reported as its kind. A stalled machine may add real timeouts of its own:
                // those are allowed only as TIMEOUT readings that did wait the whole response timeout.
                for (Map.Entry<String, List<String>> meter : expected.entrySet()) {
                    final List<String> unmatched = new java.util.ArrayList<>(reported.getOrDefault(meter.getKey(), List.of()));
                    meter.getValue().forEach(status -> assertThat(unmatched.remove(status))
                            .as("%s: injected %s reported among %s", meter.getKey(), status, reported.get(meter.getKey()))
                            .isTrue());
                    assertThat(unmatched).as("%s: failures nobody injected", meter.getKey()).allMatch("TIMEOUT"::equals);
                }
                assertThat(reported.keySet().stream().filter(id -> !expected.containsKey(id))
                        .flatMap(id -> reported.get(id).stream())).allMatch("TIMEOUT"::equals);
                assertThat(readings).filteredOn(r -> "TIMEOUT".equals(JsonRecords.reading(r).status().name()))
                        .allSatisfy(r -> assertThat(JsonRecords.reading(r).latencyMs()).isGreaterThanOrEqualTo(2_000L));
                assertThat(readings).allSatisfy(r ->
                        assertThat(JsonRecords.violations(MeterFlowTopics.READINGS, r)).isEmpty());
                final double failureShare = (double) injected.size() / readings.size();
                assertThat(failureShare).isBetween(0.03, 0.2);

                // One record per cycle, counted on the meters' side: without a kept association every cycle opens
                // exactly one TCP connection, whether it then fails (refused, rejected, timed out, garbage) or not.
                final Map<String, Long> cyclesServed = fleet.connectionsAccepted();
                final Map<String, Long> recordsWritten = readings.stream()
                        .collect(Collectors.groupingBy(r -> (String) r.key(), Collectors.counting()));
                assertThat(recordsWritten).as("readings per meter = connections the meter accepted")
                        .containsExactlyInAnyOrderEntriesOf(cyclesServed);
                assertThat(cyclesServed.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(3));

                // The task's metrics tell the same story.
                assertThat(task.metric("polls-total", Map.of())).isEqualTo(readings.size());
                final Map<String, Long> byStatus = readings.stream().collect(Collectors.groupingBy(
                        r -> JsonRecords.reading(r).status().name(), Collectors.counting()));
                for (String status : List.of("TIMEOUT", "UNREACHABLE", "PROTOCOL_ERROR", "AUTH_FAILED")) {
                    assertThat(task.metric("poll-failures-total", Map.of("status", status)))
                            .as(status).isEqualTo(byStatus.getOrDefault(status, 0L).doubleValue());
                }
            }
        }
    }

    @Test
    void loadProfileReadingStepsOverAGapLongerThanOneReadWindowAndReadsTheRowsAfterIt() throws Exception {
        final String scenario = "seed: 21\ngroups:\n  - {idPrefix: gap-, count: 2, protocol: DLMS}\n";
        try (DlmsFleet fleet = DlmsFleet.start(Scenario.parse(scenario, "test").meters(), System.currentTimeMillis(),
                DlmsFleetOptions.DEFAULTS.withCapturePeriod(Duration.ofSeconds(1)).withProfileHistoryRows(30))) {
            inventory.upsert(fleet.endpoints());
            // The last row written before a long outage is older than anything the meters still hold: their ring
            // buffers (30 rows) overwrote the 1,000 s since, 50 read windows of 20 rows.
            final long windowMs = 20 * 1_000L;
            final Map<Map<String, Object>, Map<String, Object>> committed = new HashMap<>();
            final Map<String, Long> newestBefore = new HashMap<>();
            for (var meter : fleet.endpoints()) {
                final long lastWritten = fleet.newestProfileRow(meter.meterId()) - 1_000_000L;
                committed.put(new HashMap<>(MeterRecords.profilePartition(meter.meterId(), "1.0.99.1.0.255")),
                        Map.of(MeterRecords.OFFSET_CAPTURED_AT, lastWritten));
                newestBefore.put(meter.meterId(), fleet.newestProfileRow(meter.meterId()));
            }
            final Map<String, String> props = taskProps(fleet, Map.of("poll.interval.ms", "500",
                    "profile.read.interval.ms", "0", "profile.max.rows.per.read", "20"));
            try (TaskHarness task = new TaskHarness(props, committed)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> fleet.endpoints().stream().allMatch(m ->
                        captures(task, m.meterId()).stream().anyMatch(t -> t > newestBefore.get(m.meterId()))));
                task.stopTask();
                for (var meter : fleet.endpoints()) {
                    final List<Long> times = captures(task, meter.meterId());
                    assertThat(times).as("%s: rows after the gap, oldest still held first", meter.meterId())
                            .isSorted().doesNotHaveDuplicates()
                            .allMatch(t -> t > newestBefore.get(meter.meterId()) - 30_000L);
                    assertThat(times.get(times.size() - 1) - times.get(0)).isEqualTo((times.size() - 1) * 1_000L);
                    assertThat(times.get(0)).as("%s: from the oldest row the meter held", meter.meterId())
                            .isLessThanOrEqualTo(newestBefore.get(meter.meterId()) - 15_000L);
                }
                assertThat(task.metric("profile-empty-windows-total", Map.of()))
                        .as("empty windows stepped over").isGreaterThanOrEqualTo(2 * (1_000_000L - 60_000L) / windowMs);
            }
        }
    }

    @Test
    void aMeterThatNeverAnswersIsPolledLessAndLessOftenWhileTheOthersKeepTheirInterval() throws Exception {
        final String scenario = """
                seed: 17
                groups:
                  - {idPrefix: alive-, count: 3, protocol: DLMS}
                  - {idPrefix: dead-, count: 1, protocol: DLMS, behaviour: {failures: {timeout: 1.0}}}
                """;
        try (DlmsFleet fleet = DlmsFleet.start(Scenario.parse(scenario, "test").meters(), System.currentTimeMillis())) {
            inventory.upsert(fleet.endpoints());
            final long intervalMs = 500;
            final long capMs = 4_000;
            final Map<String, String> props = taskProps(fleet, Map.of("poll.interval.ms", String.valueOf(intervalMs),
                    "response.timeout.ms", "300", "backoff.max.ms", String.valueOf(capMs), "profile.enabled", "false"));
            final String dead = fleet.endpoints().stream().map(e -> e.meterId()).filter(id -> id.startsWith("dead-"))
                    .findFirst().orElseThrow();
            try (TaskHarness task = new TaskHarness(props, Map.of())) {
                await().atMost(Duration.ofSeconds(90)).until(() -> collectedTimes(task, dead).size() >= 8);
                task.stopTask();
                assertThat(readings(task, dead)).allSatisfy(r ->
                        assertThat(JsonRecords.reading(r).status().name()).isEqualTo("TIMEOUT"));
                final List<Long> times = collectedTimes(task, dead);
                // Waits after 1, 2, 3, ... consecutive timeouts: 500, 1000, 2000, 4000, 4000 ms (the cap). Cycles
                // keep the rhythm of their due times, so lateness does not add up: each cycle comes about the sum of
                // the waits before it after the first (slack for a loaded machine). Without backoff the 8th cycle
                // would come after 3.5 s, without the cap after 63.5 s; here after 19.5 s.
                long due = 0;
                for (int i = 1; i < times.size(); i++) {
                    due += Math.min(capMs, intervalMs << (i - 1));
                    assertThat(times.get(i) - times.get(0)).as("cycle %d of %s", i, times)
                            .isBetween(due - 1_000, due + 3_000);
                }
                final long deadSpan = times.get(times.size() - 1) - times.get(0);
                for (var alive : fleet.endpoints().stream().filter(e -> !e.meterId().equals(dead)).toList()) {
                    final List<Long> okTimes = collectedTimes(task, alive.meterId()).stream()
                            .filter(t -> t >= times.get(0) && t <= times.get(times.size() - 1)).toList();
                    assertThat(readings(task, alive.meterId())).allMatch(DlmsPollingIT::isOk);
                    assertThat((long) okTimes.size()).as("%s kept its %d ms cycle", alive.meterId(), intervalMs)
                            .isGreaterThanOrEqualTo(deadSpan / intervalMs * 8 / 10);
                }
            }
        }
    }

    @Test
    void silentMetersAreCountedAsMetersWhileBackoffMakesTheirCyclesRare() throws Exception {
        final String scenario = """
                seed: 19
                groups:
                  - {idPrefix: up-, count: 3, protocol: DLMS}
                  - {idPrefix: mute-, count: 1, protocol: DLMS, behaviour: {silences: [{after: PT0S, duration: PT1H}]}}
                  - {idPrefix: down-, count: 1, protocol: DLMS, behaviour: {failures: {refused: 1.0}}}
                  - {idPrefix: noisy-, count: 1, protocol: DLMS, behaviour: {failures: {garbage: 1.0}}}
                """;
        try (DlmsFleet fleet = DlmsFleet.start(Scenario.parse(scenario, "test").meters(), System.currentTimeMillis())) {
            inventory.upsert(fleet.endpoints());
            final Map<String, String> props = new HashMap<>(taskProps(fleet, Map.of("poll.interval.ms", "500",
                    "response.timeout.ms", "300", "backoff.max.ms", "2000", "profile.enabled", "false")));
            // Assigned, but already gone from the inventory: not a meter the task polls.
            props.put("task.meter.ids", props.get("task.meter.ids") + ",removed-from-inventory");
            final List<String> silent = fleet.endpoints().stream().map(e -> e.meterId())
                    .filter(id -> id.startsWith("mute-") || id.startsWith("down-")).toList();
            try (TaskHarness task = new TaskHarness(props, Map.of())) {
                assertThat(task.metric("meters", Map.of())).isEqualTo(6.0);
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        silent.stream().allMatch(id -> readings(task, id).size() >= 5));
                assertThat(task.metric("meters-silent", Map.of())).isEqualTo(2.0);
                assertThat(task.metric("meters-failing", Map.of())).as("silent, and the one answering garbage")
                        .isEqualTo(3.0);
                // What the gauges are for: backoff made the silent meters' cycles rare, so their share of cycles
                // understates the share of meters that are silent (2 of 6).
                final double silentCycles = task.metric("poll-failures-total", Map.of("status", "TIMEOUT"))
                        + task.metric("poll-failures-total", Map.of("status", "UNREACHABLE"));
                assertThat(silentCycles / task.metric("polls-total", Map.of())).isLessThan(2.0 / 6);

                fleet.pauseFaults(true);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(task.metric("meters-silent", Map.of())).isZero();
                    assertThat(task.metric("meters-failing", Map.of())).isZero();
                });
                assertThat(task.metric("meters", Map.of())).isEqualTo(6.0);

                task.stopTask();
                assertThat(task.metric("meters", Map.of())).as("a stopped task polls no meter").isZero();
                assertThat(task.metric("meters-silent", Map.of())).isZero();
            }
        }
    }

    @Test
    void unusableInventoryRowsAreReportedOnTheirOwnMeterWhileTheOthersArePolled() throws Exception {
        final String scenario = "seed: 23\ngroups:\n  - {idPrefix: fine-, count: 2, protocol: DLMS}\n";
        final String badKey = "not-a-key-but-a-s3cr3t";
        final ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        final Logger pollerLog = (Logger) LoggerFactory.getLogger("io.meterflow.connect.dlms.poll.MeterPoller");
        pollerLog.addAppender(log);
        try (DlmsFleet fleet = DlmsFleet.start(Scenario.parse(scenario, "test").meters(), System.currentTimeMillis())) {
            inventory.upsert(fleet.endpoints());
            // The project's migration forbids such keys; an operator's own inventory table may not.
            inventory.execute("ALTER TABLE meter_inventory DROP CONSTRAINT IF EXISTS meter_inventory_encryption_key_check");
            inventory.execute("""
                    INSERT INTO meter_inventory (meter_id, host, port, client_id, auth_mechanism, password)
                    VALUES ('bad-lls', '127.0.0.1', 1, 17, 'LOW', '');
                    INSERT INTO meter_inventory (meter_id, host, port, client_id, auth_mechanism, authentication_key,
                                                 encryption_key)
                    VALUES ('bad-hls', '127.0.0.1', 1, 1, 'HLS5_GMAC', '000102030405060708090a0b0c0d0e0f', '%s');
                    """.formatted(badKey));
            final Map<String, String> props = new HashMap<>(taskProps(fleet, Map.of("poll.interval.ms", "500",
                    "profile.enabled", "false")));
            props.put("task.meter.ids", props.get("task.meter.ids") + ",bad-lls,bad-hls");
            try (TaskHarness task = new TaskHarness(props, Map.of())) {
                await().atMost(Duration.ofSeconds(60)).until(() -> fleet.endpoints().stream()
                        .allMatch(m -> readings(task, m.meterId()).size() >= 3)
                        && !readings(task, "bad-lls").isEmpty() && !readings(task, "bad-hls").isEmpty());
                task.stopTask();
                assertThat(fleet.endpoints()).allSatisfy(m ->
                        assertThat(readings(task, m.meterId())).allMatch(DlmsPollingIT::isOk));
                assertThat(readings(task, "bad-lls")).allSatisfy(r -> {
                    assertThat(JsonRecords.reading(r).status().name()).isEqualTo("AUTH_FAILED");
                    assertThat(JsonRecords.reading(r).error()).contains("bad-lls", "column password");
                });
                assertThat(readings(task, "bad-hls")).allSatisfy(r -> {
                    assertThat(JsonRecords.reading(r).status().name()).isEqualTo("AUTH_FAILED");
                    assertThat(JsonRecords.reading(r).error()).contains("bad-hls", "column encryption_key")
                            .doesNotContain(badKey);
                });
                assertThat(readings(task, "bad-hls")).allSatisfy(r ->
                        assertThat(JsonRecords.violations(MeterFlowTopics.READINGS, r)).isEmpty());
                assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                        .anySatisfy(line -> assertThat(line).contains("bad-hls", "encryption_key"))
                        .anySatisfy(line -> assertThat(line).contains("bad-lls", "password"))
                        .allSatisfy(line -> assertThat(line).doesNotContain(badKey));
            }
        } finally {
            pollerLog.detachAppender(log);
        }
    }

    @Test
    void aTaskStartedDuringAnInventoryOutagePollsOnceTheDatabaseIsBack() throws Exception {
        final String scenario = "seed: 29\ngroups:\n  - {idPrefix: late-, count: 2, protocol: DLMS}\n";
        // A database that does not exist yet stands in for one that is down when the task starts. It is filled
        // under another name and then renamed, so it appears complete.
        final String suffix = Long.toHexString(System.nanoTime());
        final TestDatabase late = new TestDatabase(database.host(), database.port(), "dlms_late_" + suffix,
                database.user(), database.password());
        final TestDatabase filling = new TestDatabase(database.host(), database.port(), "dlms_filling_" + suffix,
                database.user(), database.password());
        try (DlmsFleet fleet = DlmsFleet.start(Scenario.parse(scenario, "test").meters(), System.currentTimeMillis())) {
            final Map<String, String> props = new HashMap<>(taskProps(fleet, Map.of("poll.interval.ms", "500",
                    "profile.enabled", "false")));
            props.put("inventory.jdbc.url", late.jdbcUrl());
            try (TaskHarness task = new TaskHarness(props, Map.of())) {
                database.execute("CREATE DATABASE " + filling.name());
                Inventory.migrate(filling).upsert(fleet.endpoints());
                database.execute("ALTER DATABASE " + filling.name() + " RENAME TO " + late.name());
                await().atMost(Duration.ofSeconds(60)).until(() -> fleet.endpoints().stream()
                        .allMatch(m -> readings(task, m.meterId()).stream().anyMatch(DlmsPollingIT::isOk)));
            }
        } finally {
            database.execute("DROP DATABASE IF EXISTS " + filling.name() + " WITH (FORCE)");
            database.execute("DROP DATABASE IF EXISTS " + late.name() + " WITH (FORCE)");
        }
    }

    private static List<Long> captures(TaskHarness task, String meterId) {
        return task.records("it-intervals").stream().filter(r -> meterId.equals(r.key()))
                .map(r -> JsonRecords.interval(r).capturedAt()).toList();
    }

    private static List<Long> collectedTimes(TaskHarness task, String meterId) {
        return readings(task, meterId).stream().map(r -> JsonRecords.reading(r).collectedAt()).toList();
    }

    static Map<String, String> taskProps(DlmsFleet fleet, Map<String, String> overrides) {
        final Map<String, String> props = new HashMap<>();
        props.put("meters.source", "INVENTORY");
        props.put("inventory.jdbc.url", jdbcUrl);
        props.put("inventory.jdbc.user", "postgres");
        props.put("readings.topic", "it-readings");
        props.put("intervals.topic", "it-intervals");
        props.put("max.concurrent.polls", "16");
        props.put("task.meter.ids", fleet.endpoints().stream().map(e -> e.meterId()).collect(Collectors.joining(",")));
        props.putAll(overrides);
        return props;
    }

    private static List<SourceRecord> readings(TaskHarness task, String meterId) {
        return task.records("it-readings").stream().filter(r -> meterId.equals(r.key())).toList();
    }

    private static boolean isOk(SourceRecord r) {
        return "OK".equals(JsonRecords.reading(r).status().name());
    }

    private static double value(Reading reading, String obis) {
        final Map<String, Double> values = reading.values().stream()
                .collect(Collectors.toMap(v -> v.obis(), v -> v.value()));
        return values.get(obis);
    }

}
