package io.meterflow.connect.dlms;

import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.simulator.dlms.DlmsFleet;
import io.meterflow.simulator.dlms.DlmsFleetOptions;
import io.meterflow.simulator.scenario.Scenario;
import io.meterflow.schema.Interval;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Profile range bounds are meter time: the simulated meters hold rows strictly on their own clock's capture
 * boundaries (none in the meter's future), so a reader bounded by the wall clock would miss a fast meter's newest
 * rows and ask a slow one for rows it does not have.
 */
class MeterTimeRangeIT {

    private static final long PERIOD_MS = 2_000;
    private static final String AHEAD = "ahead90s-0001";
    private static final String BEHIND = "behind10m-0001";
    private static final String PUNCTUAL = "punctual-0001";

    @Test
    void theNewestRowsOfAMeterAheadAndOfAMeterBehindAreReadAsSoonAsTheMeterHoldsThem() throws Exception {
        final String scenario = """
                seed: 5
                groups:
                  - {idPrefix: ahead90s-, count: 1, protocol: DLMS, behaviour: {clockOffset: PT90S}}
                  - {idPrefix: behind10m-, count: 1, protocol: DLMS, behaviour: {clockOffset: -PT10M}}
                  - {idPrefix: punctual-, count: 1, protocol: DLMS}
                """;
        try (DlmsFleet fleet = DlmsFleet.start(Scenario.parse(scenario, "test").meters(), System.currentTimeMillis(),
                DlmsFleetOptions.DEFAULTS.withCapturePeriod(Duration.ofMillis(PERIOD_MS)).withProfileHistoryRows(100));
             TaskHarness task = new TaskHarness(props(fleet), Map.of())) {
            for (String meterId : List.of(AHEAD, BEHIND, PUNCTUAL)) {
                await(meterId + "'s newest row").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> newestRead(task, meterId) >= fleet.newestProfileRow(meterId) - PERIOD_MS);
            }
            assertThat(newestRead(task, AHEAD)).as("rows ahead of the wall clock, as the meter holds them")
                    .isGreaterThan(System.currentTimeMillis() + 60_000);
            assertThat(newestRead(task, BEHIND)).isLessThan(System.currentTimeMillis() - 9 * 60_000);

            for (String meterId : List.of(AHEAD, BEHIND, PUNCTUAL)) {
                final List<Long> captures = intervals(task, meterId).stream().map(i -> i.capturedAt()).toList();
                assertThat(captures).as(meterId + ": every capture period once, none skipped").hasSizeGreaterThan(5);
                for (int i = 1; i < captures.size(); i++) {
                    assertThat(captures.get(i) - captures.get(i - 1)).as(meterId + " row " + i).isEqualTo(PERIOD_MS);
                }
            }
            assertThat(intervals(task, AHEAD)).allSatisfy(i -> {
                assertThat(i.clockOffsetMs()).isBetween(89_000L, 91_000L);
                assertThat(i.flags().stream().map(Enum::name).toList()).contains("CLOCK_SUSPECT");
            });
            assertThat(intervals(task, BEHIND)).allSatisfy(i -> {
                assertThat(i.clockOffsetMs()).isBetween(-601_000L, -599_000L);
                assertThat(i.flags().stream().map(Enum::name).toList()).contains("CLOCK_SUSPECT");
            });
            assertThat(intervals(task, PUNCTUAL)).allSatisfy(i -> {
                assertThat(Math.abs(i.clockOffsetMs())).isLessThan(1_000L);
                assertThat(i.flags().stream().map(Enum::name).toList()).isEmpty();
            });
            assertThat(task.records("it-intervals")).allSatisfy(r ->
                    assertThat(JsonRecords.violations(MeterFlowTopics.INTERVALS, r)).isEmpty());
        }
    }

    private static Map<String, String> props(DlmsFleet fleet) {
        final Map<String, String> props = InlineFleet.taskProps(fleet);
        props.put("poll.interval.ms", "500");
        props.put("profile.read.interval.ms", "0");
        props.put("profile.initial.lookback.ms", "20000");
        return props;
    }

    private static long newestRead(TaskHarness task, String meterId) {
        return intervals(task, meterId).stream().mapToLong(i -> i.capturedAt()).max().orElse(0);
    }

    private static List<Interval> intervals(TaskHarness task, String meterId) {
        return task.records("it-intervals").stream().filter(r -> r.key().equals(meterId)).map(JsonRecords::interval)
                .toList();
    }
}
