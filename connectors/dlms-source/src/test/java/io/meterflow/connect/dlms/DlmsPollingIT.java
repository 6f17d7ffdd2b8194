package io.meterflow.connect.dlms;

import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.simulator.dlms.DlmsFleet;
import io.meterflow.simulator.dlms.DlmsFleetOptions;
import io.meterflow.simulator.dlms.fault.FaultKind;
import io.meterflow.simulator.dlms.fault.InjectedFault;
import io.meterflow.simulator.scenario.Scenario;
import io.meterflow.testing.postgres.PostgresExtension;
import io.meterflow.testing.postgres.TestDatabase;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
    private static String jdbcUrl;

    @BeforeAll
    static void migrate(TestDatabase db) {
        inventory = Inventory.migrate(db);
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
                    assertThat(((Struct) r.value()).getString("status")).isEqualTo("OK");
                    assertThat(r.key()).isEqualTo(((Struct) r.value()).getString("meterId"));
                    assertThat(r.timestamp()).isEqualTo(((Struct) r.value()).getInt64("collectedAt"));
                });
                final Struct first = (Struct) readings.get(0).value();
                assertThat(JsonRecords.json(readings.get(0))).contains("\"source\":\"dlms\"", "\"error\":null");
                final Map<String, String> units = first.<Struct>getArray("values").stream()
                        .collect(Collectors.toMap(v -> v.getString("obis"), v -> String.valueOf(v.getString("unit"))));
                assertThat(units).containsExactlyInAnyOrderEntriesOf(Map.of("1.0.1.8.0.255", "Wh",
                        "1.0.2.8.0.255", "Wh", "1.0.32.7.0.255", "V", "1.0.31.7.0.255", "A", "1.0.1.7.0.255", "W"));
                assertThat(value(first, "1.0.32.7.0.255")).isBetween(220.0, 240.0);
                assertThat(first.getInt64("meterTime")).isCloseTo(first.getInt64("collectedAt"),
                        org.assertj.core.data.Offset.offset(5_000L));
                for (var meter : fleet.endpoints()) {
                    final List<Double> energy = readings(task, meter.meterId()).stream()
                            .map(r -> value((Struct) r.value(), "1.0.1.8.0.255")).toList();
                    assertThat(energy).as("energy of %s only grows", meter.meterId()).isSorted();
                }

                final List<SourceRecord> intervals = task.records("it-intervals");
                assertThat(intervals).allSatisfy(r ->
                        assertThat(JsonRecords.violations(MeterFlowTopics.INTERVALS, r)).isEmpty());
                final Map<String, List<Long>> captures = intervals.stream().collect(Collectors.groupingBy(
                        r -> (String) r.key(), Collectors.mapping(r -> ((Struct) r.value()).getInt64("capturedAt"),
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
                                && ((Struct) r.value()).getInt64("collectedAt") > settledFrom)));

                task.stopTask();
                final List<SourceRecord> readings = task.records("it-readings");
                final List<InjectedFault> injected = fleet.injectedFaults();
                final Map<String, List<String>> expected = injected.stream().collect(Collectors.groupingBy(
                        InjectedFault::meterId, Collectors.mapping(f -> f.kind().expectedStatus(), Collectors.toList())));
                final Map<String, List<String>> reported = readings.stream().filter(r -> !isOk(r))
                        .collect(Collectors.groupingBy(r -> (String) r.key(),
                                Collectors.mapping(r -> ((Struct) r.value()).getString("status"), Collectors.toList())));
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
                assertThat(readings).filteredOn(r -> "TIMEOUT".equals(((Struct) r.value()).getString("status")))
                        .allSatisfy(r -> assertThat(((Struct) r.value()).getInt64("latencyMs")).isGreaterThanOrEqualTo(2_000L));
                assertThat(readings).allSatisfy(r ->
                        assertThat(JsonRecords.violations(MeterFlowTopics.READINGS, r)).isEmpty());
                final double failureShare = (double) injected.size() / readings.size();
                assertThat(failureShare).isBetween(0.03, 0.2);

                // One record per cycle: the task's own cycle and failure counters agree with what it wrote.
                assertThat(task.metric("polls-total", Map.of())).isEqualTo(readings.size());
                final Map<String, Long> byStatus = readings.stream().collect(Collectors.groupingBy(
                        r -> ((Struct) r.value()).getString("status"), Collectors.counting()));
                for (String status : List.of("TIMEOUT", "UNREACHABLE", "PROTOCOL_ERROR", "AUTH_FAILED")) {
                    assertThat(task.metric("poll-failures-total", Map.of("status", status)))
                            .as(status).isEqualTo(byStatus.getOrDefault(status, 0L).doubleValue());
                }
            }
        }
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
        return "OK".equals(((Struct) r.value()).getString("status"));
    }

    private static double value(Struct reading, String obis) {
        final Map<String, Double> values = reading.<Struct>getArray("values").stream()
                .collect(Collectors.toMap(v -> v.getString("obis"), v -> v.getFloat64("value")));
        return values.get(obis);
    }

}
