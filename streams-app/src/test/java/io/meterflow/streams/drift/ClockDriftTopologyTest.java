package io.meterflow.streams.drift;

import io.meterflow.schema.ClockDrift;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.streams.support.Readings;
import io.meterflow.streams.support.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.meterflow.streams.support.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClockDriftTopologyTest {

    private static final long HOUR = 3_600_000;
    private final TopologyFixture fixture = new TopologyFixture(Map.of("drift.trend.samples", "3"), "rules: []");

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void driftIsMeterTimeMinusTheMidpointOfTheRequest() {
        // Answer received at T0 + 1000 after 400 ms: the meter read its clock around T0 + 800.
        fixture.pipe(Readings.clock("m1", T0 + 1_000, 400, T0 + 13_800));

        assertThat(fixture.drain(MeterFlowTopics.CLOCK_DRIFT)).singleElement().satisfies(d -> {
            assertThat(d.at()).isEqualTo(T0 + 1_000);
            assertThat(d.driftMs()).isEqualTo(13_000);
            assertThat(d.trendSecondsPerDay()).as("one sample has no trend").isNull();
            assertThat(d.samples()).isEqualTo(1);
        });
    }

    @Test
    void aMeterRunningBehindHasNegativeDrift() {
        fixture.pipe(Readings.clock("m1", T0, 0, T0 - 5_000));

        assertThat(fixture.drain(MeterFlowTopics.CLOCK_DRIFT)).extracting(ClockDrift::driftMs).containsExactly(-5_000L);
    }

    @Test
    void theTrendIsTheSlopeOfDriftInSecondsPerDayOverTheRecentSamples() {
        // Gains 1 s per hour = 24 s/day.
        for (int h = 0; h < 3; h++) {
            fixture.pipe(Readings.clock("m1", T0 + h * HOUR, 0, T0 + h * HOUR + h * 1_000L));
        }
        // Then the clock is set right: the last 3 samples (the window) flatten the trend.
        fixture.pipe(Readings.clock("m1", T0 + 3 * HOUR, 0, T0 + 3 * HOUR + 2_000));
        fixture.pipe(Readings.clock("m1", T0 + 4 * HOUR, 0, T0 + 4 * HOUR + 2_000));
        fixture.pipe(Readings.clock("m1", T0 + 5 * HOUR, 0, T0 + 5 * HOUR + 2_000));

        final List<ClockDrift> drift = fixture.drain(MeterFlowTopics.CLOCK_DRIFT);

        assertThat(drift).extracting(ClockDrift::samples).containsExactly(1, 2, 3, 3, 3, 3);
        assertThat(drift.get(1).trendSecondsPerDay()).isCloseTo(24.0, within(1e-9));
        assertThat(drift.get(2).trendSecondsPerDay()).isCloseTo(24.0, within(1e-9));
        assertThat(drift.get(5).trendSecondsPerDay()).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void readingsWithoutAMeterClockHaveNoDrift() {
        fixture.pipe(Readings.energy("m1", T0, 5));

        assertThat(fixture.drain(MeterFlowTopics.CLOCK_DRIFT)).isEmpty();
    }

    @Test
    void aRepeatedReadingGivesNoSecondDriftRecord() {
        fixture.pipe(Readings.clock("m1", T0, 10, T0 + 20_000));
        fixture.pipe(Readings.clock("m1", T0, 10, T0 + 20_000));

        assertThat(fixture.drain(MeterFlowTopics.CLOCK_DRIFT)).hasSize(1);
    }
}
