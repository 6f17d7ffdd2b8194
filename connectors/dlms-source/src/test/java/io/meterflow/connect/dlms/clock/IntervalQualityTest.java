package io.meterflow.connect.dlms.clock;

import io.meterflow.schema.IntervalFlag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.meterflow.schema.IntervalFlag.CLOCK_ADJUSTED;
import static io.meterflow.schema.IntervalFlag.CLOCK_SUSPECT;
import static io.meterflow.schema.IntervalFlag.POWER_DOWN;
import static org.assertj.core.api.Assertions.assertThat;

class IntervalQualityTest {

    private static final long PERIOD = 900_000;
    private static final long T = 1_763_800_200_000L;

    private final IntervalQuality quality = new IntervalQuality(Duration.ofSeconds(10));

    @Test
    void rowsOfAPunctualMeterCarryOnlyTheMetersOwnBits() {
        quality.offsetMeasured(-1_200);

        assertThat(quality.flags(0x80, T, PERIOD)).containsExactly(POWER_DOWN);
        assertThat(quality.flags(null, T, PERIOD)).isEmpty();
        assertThat(quality.currentOffsetMs()).isEqualTo(-1_200);
    }

    @Test
    void anOffsetBeyondTheThresholdAtAnyReadSinceTheLastProfileReadMakesRowsSuspect() {
        quality.offsetMeasured(90_000);
        quality.offsetMeasured(2_000); // a cycle without a profile read: the rows were still captured 90 s off

        assertThat(quality.flags(0, T, PERIOD)).containsExactly(CLOCK_SUSPECT);

        quality.profileRead();
        quality.offsetMeasured(1_500);
        assertThat(quality.flags(0, T + PERIOD, PERIOD)).isEmpty();
    }

    @Test
    void theRowWhosePeriodHoldsTheClockSetIsSuspectAndTheRowsAfterItAreNot() {
        quality.offsetMeasured(-90_000);
        quality.profileRead();
        quality.clockSet(T + 300_000 - 90_000, T + 300_000, 40);
        quality.offsetMeasured(55);

        assertThat(quality.flags(0, T, PERIOD)).as("captured before the set, read after it")
                .containsExactly(CLOCK_SUSPECT);
        assertThat(quality.flags(0, T + PERIOD, PERIOD)).containsExactly(CLOCK_SUSPECT);
        assertThat(quality.flags(0, T + 2 * PERIOD, PERIOD)).isEmpty();
    }

    @Test
    void aMeterReportingItsClockAdjustedOrInvalidMakesTheRowSuspect() {
        quality.offsetMeasured(0);

        assertThat(quality.flags(0x20, T, PERIOD)).containsExactly(CLOCK_ADJUSTED, CLOCK_SUSPECT);
        assertThat(quality.flags(0x06, T, PERIOD))
                .containsExactly(IntervalFlag.CLOCK_INVALID, IntervalFlag.DATA_NOT_VALID, CLOCK_SUSPECT);
    }
}
