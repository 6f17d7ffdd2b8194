package io.meterflow.connect.dlms;

import io.meterflow.connect.dlms.record.MeterRecords;
import io.meterflow.schema.ClockSync;
import io.meterflow.schema.Interval;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.simulator.dlms.DlmsFleet;
import io.meterflow.simulator.dlms.DlmsFleetOptions;
import io.meterflow.simulator.scenario.Scenario;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Clock synchronisation against simulated meters whose clocks can be set, shifted only, or not at all. */
class ClockSyncIT {

    private static final String LLS = "auth: {mechanism: LOW, password: s3cret}";
    private static final String SCENARIO = """
            seed: 12
            groups:
              - {idPrefix: ahead90-, count: 1, protocol: DLMS, behaviour: {clockOffset: PT90S, %1$s}}
              - {idPrefix: behind90-, count: 1, protocol: DLMS, behaviour: {clockOffset: -PT90S, clockSetting: SHIFT_ONLY, %1$s}}
              - {idPrefix: refuses-, count: 1, protocol: DLMS, behaviour: {clockOffset: PT90S, clockSetting: REFUSE, %1$s}}
              - {idPrefix: punctual-, count: 1, protocol: DLMS, behaviour: {%1$s}}
            """.formatted(LLS);
    private static final String AHEAD = "ahead90-0001";
    private static final String BEHIND = "behind90-0001";
    private static final String REFUSES = "refuses-0001";
    private static final String PUNCTUAL = "punctual-0001";

    @Test
    void metersNinetySecondsOffEndWithinASecondWithOneAuditRecordPerAttemptAndARefusalWaitsTheMinimumInterval()
            throws Exception {
        final long minIntervalMs = 4_000;
        try (DlmsFleet fleet = startFleet();
             TaskHarness task = new TaskHarness(props(fleet, minIntervalMs), Map.of())) {
            await("both settable meters synchronised").atMost(Duration.ofSeconds(60))
                    .until(() -> syncs(task, AHEAD).size() == 1 && syncs(task, BEHIND).size() == 1);
            await("the refusing meter tried a second time").atMost(Duration.ofSeconds(60))
                    .until(() -> syncs(task, REFUSES).size() >= 2);
            final int cyclesAfter = readings(task, PUNCTUAL).size();
            await("ten more cycles").atMost(Duration.ofSeconds(60))
                    .until(() -> readings(task, PUNCTUAL).size() >= cyclesAfter + 10);

            assertThat(syncs(task, AHEAD)).singleElement().satisfies(s -> {
                assertThat(s.result().name()).isEqualTo("OK");
                assertThat(s.method().name()).isEqualTo("WRITE_TIME");
                assertThat(s.driftBeforeMs()).isBetween(89_000L, 91_000L);
                assertThat(Math.abs(s.driftAfterMs())).isLessThanOrEqualTo(1_000L);
            });
            assertThat(syncs(task, BEHIND)).singleElement().satisfies(s -> {
                assertThat(s.result().name()).isEqualTo("OK");
                assertThat(s.method().name()).as("the write is denied: shift_time").isEqualTo("SHIFT_TIME");
                assertThat(s.driftBeforeMs()).isBetween(-91_000L, -89_000L);
                assertThat(Math.abs(s.driftAfterMs())).isLessThanOrEqualTo(1_000L);
            });
            assertThat(Math.abs(fleet.clockOffsetMs(AHEAD))).as("meter clock, as the meter keeps it").isLessThanOrEqualTo(1_000);
            assertThat(Math.abs(fleet.clockOffsetMs(BEHIND))).isLessThanOrEqualTo(1_000);
            assertThat(syncs(task, PUNCTUAL)).as("within the threshold: never set").isEmpty();

            final List<ClockSync> refusals = syncs(task, REFUSES);
            assertThat(refusals).allSatisfy(s -> {
                assertThat(s.result().name()).isEqualTo("REFUSED");
                assertThat(s.error()).contains("READ_WRITE_DENIED");
                assertThat(s.driftAfterMs()).isBetween(89_000L, 92_000L);
            });
            for (int i = 1; i < refusals.size(); i++) {
                assertThat(refusals.get(i).at() - refusals.get(i - 1).at())
                        .as("attempts on the refusing meter are the minimum interval apart")
                        .isGreaterThanOrEqualTo(minIntervalMs);
            }
            assertThat(readings(task, REFUSES).size()).as("polled every cycle, tried only every few")
                    .isGreaterThan(2 * refusals.size());
            assertThat(Math.abs(fleet.clockOffsetMs(REFUSES) - 90_000)).isLessThanOrEqualTo(1_000);
            assertThat(task.records("it-clock-sync")).allSatisfy(r ->
                    assertThat(JsonRecords.violations(MeterFlowTopics.CLOCK_SYNC, r)).isEmpty());
        }
    }

    @Test
    void rowsFetchedWhileTheClockWasOffAreClockSuspectAndRowsAfterTheSyncAreTrustedAgain() throws Exception {
        try (DlmsFleet fleet = startFleet();
             TaskHarness task = new TaskHarness(withProfile(props(fleet, 600_000)), Map.of())) {
            await("rows of the shifted meter captured after its sync").atMost(Duration.ofSeconds(60)).until(() ->
                    !syncs(task, BEHIND).isEmpty() && intervals(task, BEHIND).stream()
                            .anyMatch(i -> i.capturedAt() > syncedAtMeterTime(task) + 3_000));

            final long syncedAt = syncedAtMeterTime(task);
            final List<Interval> rows = intervals(task, BEHIND);
            final List<Interval> beforeSync = rows.stream().filter(i -> i.capturedAt() < syncedAt - 90_000).toList();
            assertThat(beforeSync).as("captured under the old clock, whenever read").isNotEmpty()
                    .allSatisfy(i -> assertThat(i.flags().stream().map(Enum::name).toList()).contains("CLOCK_SUSPECT"))
                    .anySatisfy(i -> assertThat(i.clockOffsetMs()).isBetween(-91_000L, -89_000L));
            assertThat(rows).filteredOn(i -> i.capturedAt() > syncedAt).first().satisfies(first ->
                    assertThat(first.flags().stream().map(Enum::name).toList()).as("the row across the sync")
                            .contains("CLOCK_ADJUSTED", "CLOCK_SUSPECT"));
            assertThat(rows).filteredOn(i -> i.capturedAt() > syncedAt + 2_000).isNotEmpty()
                    .allSatisfy(i -> {
                        assertThat(Math.abs(i.clockOffsetMs())).isLessThanOrEqualTo(1_000L);
                        assertThat(i.flags().stream().map(Enum::name).toList()).isEmpty();
                        assertThat(i.statusFlags()).isZero();
                        assertThat(i.provenance().name()).isEqualTo("POLL");
                    });
            assertThat(intervals(task, PUNCTUAL)).isNotEmpty().allSatisfy(i ->
                    assertThat(i.flags().stream().map(Enum::name).toList()).doesNotContain("CLOCK_SUSPECT"));
            assertThat(task.records("it-intervals")).allSatisfy(r ->
                    assertThat(JsonRecords.violations(MeterFlowTopics.INTERVALS, r)).isEmpty());
        }
    }

    @Test
    void aRestartedTaskWaitsOutTheMinimumIntervalFromTheCommittedAuditOffset() throws Exception {
        final long minIntervalMs = 600_000;
        try (DlmsFleet fleet = startFleet()) {
            final Map<Map<String, Object>, Map<String, Object>> committed = new HashMap<>();
            try (TaskHarness first = new TaskHarness(props(fleet, minIntervalMs), Map.of())) {
                await("the refusing meter's first attempt").atMost(Duration.ofSeconds(60))
                        .until(() -> !syncs(first, REFUSES).isEmpty());
                final SourceRecord audit = first.records("it-clock-sync").stream()
                        .filter(r -> r.key().equals(REFUSES)).findFirst().orElseThrow();
                committed.put(Map.copyOf(audit.sourcePartition()), Map.copyOf(audit.sourceOffset()));
                assertThat(audit.sourcePartition()).isEqualTo(MeterRecords.clockSyncPartition(REFUSES));
            }
            try (TaskHarness restarted = new TaskHarness(props(fleet, minIntervalMs), committed)) {
                await("cycles of the restarted task").atMost(Duration.ofSeconds(60))
                        .until(() -> readings(restarted, REFUSES).size() >= 6);

                assertThat(syncs(restarted, REFUSES)).as("no attempt within the minimum interval").isEmpty();
            }
        }
    }

    private static DlmsFleet startFleet() {
        return DlmsFleet.start(Scenario.parse(SCENARIO, "test").meters(), System.currentTimeMillis(),
                DlmsFleetOptions.DEFAULTS.withCapturePeriod(Duration.ofSeconds(1)).withProfileHistoryRows(200));
    }

    /** Inline meters with an LLS client, every cycle 500 ms, no load profile unless a test turns it on. */
    private static Map<String, String> props(DlmsFleet fleet, long minIntervalMs) {
        final Map<String, String> props = InlineFleet.taskProps(fleet);
        props.put("meter.client.id", "17");
        props.put("meter.auth.mechanism", "LOW");
        props.put("meter.password", "s3cret");
        props.put("clock.sync.topic", "it-clock-sync");
        props.put("poll.interval.ms", "500");
        props.put("profile.enabled", "false");
        props.put("profile.read.interval.ms", "0");
        props.put("profile.initial.lookback.ms", "120000");
        props.put("clock.sync.enabled", "true");
        props.put("clock.sync.threshold.ms", "5000");
        props.put("clock.sync.min.interval.ms", String.valueOf(minIntervalMs));
        return props;
    }

    private static Map<String, String> withProfile(Map<String, String> props) {
        props.put("profile.enabled", "true");
        return props;
    }

    /** Meter time right after the shifted meter's sync: its true time, as it was set to it. */
    private static long syncedAtMeterTime(TaskHarness task) {
        return syncs(task, BEHIND).get(0).at();
    }

    private static List<ClockSync> syncs(TaskHarness task, String meterId) {
        return ofMeter(task, "it-clock-sync", meterId).stream().map(JsonRecords::clockSync).toList();
    }

    private static List<Interval> intervals(TaskHarness task, String meterId) {
        return ofMeter(task, "it-intervals", meterId).stream().map(JsonRecords::interval).toList();
    }

    private static List<SourceRecord> readings(TaskHarness task, String meterId) {
        return task.records("it-readings").stream().filter(r -> r.key().equals(meterId)).toList();
    }

    private static List<SourceRecord> ofMeter(TaskHarness task, String topic, String meterId) {
        return task.records(topic).stream().filter(r -> r.key().equals(meterId)).toList();
    }
}
