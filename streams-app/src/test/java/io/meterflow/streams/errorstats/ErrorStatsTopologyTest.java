package io.meterflow.streams.errorstats;

import io.meterflow.schema.ErrorStats;
import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.ReadingStatus;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.streams.metrics.TopologyMetrics;
import io.meterflow.streams.support.CountingMetrics;
import io.meterflow.streams.support.Readings;
import io.meterflow.streams.support.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.meterflow.schema.ReadingSource.DLMS;
import static io.meterflow.schema.ReadingSource.MQTT;
import static io.meterflow.streams.support.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Default windows: 5 min tumbling, 1 min grace; DLMS meters are expected every minute, MQTT meters not. */
class ErrorStatsTopologyTest {

    private static final long MIN = 60_000;
    private static final long WINDOW = 5 * MIN;
    private final CountingMetrics metrics = new CountingMetrics();
    private TopologyFixture fixture = new TopologyFixture(Map.of(), "rules: []", metrics);

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aWindowIsWrittenOnceWithItsFinalCountsOnlyAfterItsGracePeriod() {
        fixture.pipe(Readings.ok("m1", DLMS, T0 + 10_000));
        fixture.pipe(Readings.failed("m1", DLMS, T0 + MIN, ReadingStatus.TIMEOUT));
        fixture.pipe(Readings.ok("m1", DLMS, T0 + 2 * MIN));
        fixture.pipe(Readings.failed("m1", DLMS, T0 + 3 * MIN, ReadingStatus.AUTH_FAILED));
        // The window has ended but is still in its grace period: nothing yet, and this late reading still counts.
        fixture.pipe(Readings.ok("m1", DLMS, T0 + WINDOW + 30_000));
        fixture.pipe(Readings.failed("m1", DLMS, T0 + 4 * MIN, ReadingStatus.TIMEOUT));
        assertThat(meterStats()).isEmpty();

        fixture.pipe(Readings.ok("m1", DLMS, T0 + WINDOW + MIN));
        fixture.pipe(Readings.ok("m1", DLMS, T0 + WINDOW + 2 * MIN));

        assertThat(meterStats()).singleElement().satisfies(s -> {
            assertThat(s.meterId()).isEqualTo("m1");
            assertThat(s.windowStart()).isEqualTo(T0);
            assertThat(s.windowEnd()).isEqualTo(T0 + WINDOW);
            assertThat(s.total()).isEqualTo(5);
            assertThat(s.failed()).isEqualTo(3);
            assertThat(s.errorPct()).isCloseTo(60.0, within(1e-9));
            assertThat(s.byStatus()).containsExactlyInAnyOrderEntriesOf(Map.of(ReadingStatus.OK, 2L,
                    ReadingStatus.TIMEOUT, 2L, ReadingStatus.AUTH_FAILED, 1L));
            // A DLMS meter polled every minute is expected 5 times in 5 minutes.
            assertThat(s.expected()).isEqualTo(5L);
            assertThat(s.publicationPct()).isCloseTo(100.0, within(1e-9));
        });
    }

    @Test
    void aReadingAfterTheGracePeriodIsLateDroppedFromItsWindowAndCounted() {
        fixture.pipe(Readings.ok("m1", DLMS, T0));
        fixture.pipe(Readings.ok("m2", DLMS, T0 + WINDOW + 2 * MIN));
        fixture.pipe(Readings.failed("m1", DLMS, T0 + MIN, ReadingStatus.TIMEOUT));

        assertThat(meterStats()).singleElement().satisfies(s -> {
            assertThat(s.total()).isEqualTo(1);
            assertThat(s.failed()).isZero();
        });
        assertThat(metrics.count(TopologyMetrics.Irregular.LATE)).isEqualTo(1);
    }

    @Test
    void aMeterIsExpectedFromItsFirstReadingOnInItsFirstWindowOnly() {
        // Starts 3 minutes into its first window: 2 readings of the 2 it could deliver, no publication gap.
        fixture.pipe(Readings.ok("m1", DLMS, T0 + 3 * MIN));
        fixture.pipe(Readings.ok("m1", DLMS, T0 + 4 * MIN));
        // Silent for the first 3 minutes of its second window: that is a gap, counted against the whole window.
        fixture.pipe(Readings.ok("m1", DLMS, T0 + WINDOW + 3 * MIN));
        fixture.pipe(Readings.ok("m1", DLMS, T0 + WINDOW + 4 * MIN));
        fixture.pipe(Readings.ok("m1", DLMS, T0 + 2 * WINDOW + 2 * MIN));

        assertThat(meterStats()).satisfiesExactly(first -> {
            assertThat(first.windowStart()).isEqualTo(T0);
            assertThat(first.expected()).isEqualTo(2L);
            assertThat(first.publicationPct()).isCloseTo(100.0, within(1e-9));
        }, second -> {
            assertThat(second.windowStart()).isEqualTo(T0 + WINDOW);
            assertThat(second.expected()).isEqualTo(5L);
            assertThat(second.publicationPct()).isCloseTo(40.0, within(1e-9));
        });
    }

    @Test
    void mqttMetersWithoutAnExpectedIntervalHaveNoPublicationRate() {
        fixture.pipe(Readings.ok("m1", MQTT, T0));
        fixture.pipe(Readings.ok("m1", MQTT, T0 + 2 * WINDOW));

        assertThat(meterStats()).singleElement().satisfies(s -> {
            assertThat(s.expected()).isNull();
            assertThat(s.publicationPct()).isNull();
        });
    }

    @Test
    void perMeterIntervalsOverrideTheSourceDefault() {
        fixture.close();
        fixture = new TopologyFixture(Map.of("expected.interval.meters", "m1=PT30S"),
                "rules: []");
        fixture.pipe(Readings.ok("m1", MQTT, T0));
        fixture.pipe(Readings.ok("m1", MQTT, T0 + MIN));
        fixture.pipe(Readings.ok("m1", MQTT, T0 + 2 * WINDOW));

        assertThat(meterStats()).singleElement().satisfies(s -> {
            assertThat(s.expected()).isEqualTo(10L);
            assertThat(s.publicationPct()).isCloseTo(20.0, within(1e-9));
        });
    }

    @Test
    void theFleetWindowIsTheSumOfTheMetersWindows() {
        for (int i = 0; i < 5; i++) {
            fixture.pipe(Readings.ok("d1", DLMS, T0 + i * MIN));
            fixture.pipe(Readings.withStatus("d2", DLMS, T0 + i * MIN + 1, i < 3 ? ReadingStatus.OK : ReadingStatus.UNREACHABLE));
        }
        fixture.pipe(Readings.failed("q1", MQTT, T0 + 3 * MIN, ReadingStatus.BAD_PAYLOAD));
        // Closes the first window for the meters, then the next one, which closes the first fleet window.
        fixture.pipe(Readings.ok("d1", DLMS, T0 + 2 * WINDOW + 2 * MIN));
        fixture.pipe(Readings.ok("d1", DLMS, T0 + 3 * WINDOW + 2 * MIN));

        final List<ErrorStats> all = fixture.drain(MeterFlowTopics.ERROR_STATS);
        final List<ErrorStats> fleet = all.stream().filter(s -> s.meterId().equals(ErrorStats.FLEET)).toList();

        assertThat(fleet).first().satisfies(s -> {
            assertThat(s.windowStart()).isEqualTo(T0);
            assertThat(s.total()).isEqualTo(11);
            assertThat(s.failed()).isEqualTo(3);
            assertThat(s.errorPct()).isCloseTo(300.0 / 11, within(1e-9));
            assertThat(s.byStatus()).containsExactlyInAnyOrderEntriesOf(Map.of(ReadingStatus.OK, 8L,
                    ReadingStatus.UNREACHABLE, 2L, ReadingStatus.BAD_PAYLOAD, 1L));
            // Only the DLMS meters have an expected interval: 10 of 10 expected.
            assertThat(s.expected()).isEqualTo(10L);
            assertThat(s.publicationPct()).isCloseTo(100.0, within(1e-9));
        });
        assertThat(fleet).extracting(ErrorStats::windowStart).doesNotHaveDuplicates();
        assertThat(all.stream().filter(s -> s.windowStart() == T0 && !s.meterId().equals(ErrorStats.FLEET)))
                .extracting(ErrorStats::meterId).containsExactlyInAnyOrder("d1", "d2", "q1");
    }

    @Test
    void moreWindowSizesAreWrittenSideBySide() {
        fixture.close();
        fixture = new TopologyFixture(Map.of("error.stats.window.sizes", "PT5M,PT15M", "error.stats.grace", "PT0S"),
                "rules: []");
        for (int i = 0; i < 15; i++) {
            fixture.pipe(Readings.withStatus("m1", ReadingSource.DLMS, T0 + i * MIN, i % 5 == 0 ? ReadingStatus.TIMEOUT : ReadingStatus.OK));
        }
        fixture.pipe(Readings.ok("m1", DLMS, T0 + 15 * MIN));

        final List<ErrorStats> stats = meterStats();
        assertThat(stats).filteredOn(s -> s.windowEnd() - s.windowStart() == WINDOW).hasSize(3)
                .allSatisfy(s -> assertThat(s.errorPct()).isCloseTo(20.0, within(1e-9)));
        assertThat(stats).filteredOn(s -> s.windowEnd() - s.windowStart() == 3 * WINDOW).singleElement()
                .satisfies(s -> {
                    assertThat(s.total()).isEqualTo(15);
                    assertThat(s.expected()).isEqualTo(15L);
                });
    }

    private List<ErrorStats> meterStats() {
        return fixture.drain(MeterFlowTopics.ERROR_STATS).stream()
                .filter(s -> !s.meterId().equals(ErrorStats.FLEET)).toList();
    }
}
