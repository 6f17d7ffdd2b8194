package io.meterflow.simulator;

import io.meterflow.simulator.physics.MeterClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MeterClockTest {

    private static final long START = 1_763_800_000_000L;

    @Test
    void settingTheClockMakesItShowTheNewTimeFromThenOn() {
        final MeterClock clock = new MeterClock(START, 90_000, 0);
        clock.set(START + 60_000, START + 60_000);

        assertThat(clock.meterTime(START + 59_999) - (START + 59_999)).isEqualTo(90_000);
        assertThat(clock.meterTime(START + 120_000)).isEqualTo(START + 120_000);
    }

    @Test
    void aTimeTheClockShowedTwiceAfterASetBackIsFoundAtItsLaterShowing() {
        final MeterClock clock = new MeterClock(START, 90_000, 0);
        clock.set(START + 60_000, START + 60_000);

        // The clock showed START + 100 s at true START + 10 s, and again at true START + 100 s after the set.
        assertThat(clock.trueTime(START + 100_000, START + 200_000)).hasValue(START + 100_000);
        assertThat(clock.trueTime(START + 100_000, START + 99_000)).hasValue(START + 10_000);
    }

    @Test
    void aTimeTheClockJumpedOverOrHasNotShownYetHasNoTrueTime() {
        final MeterClock clock = new MeterClock(START, -600_000, 0);
        clock.shift(START + 60_000, 600_000);

        assertThat(clock.trueTime(START - 300_000, START + 120_000)).as("jumped over").isEmpty();
        assertThat(clock.trueTime(START + 130_000, START + 120_000)).as("in the clock's future").isEmpty();
        assertThat(clock.trueTime(START - 550_000, START + 120_000)).hasValue(START + 50_000);
    }
}
