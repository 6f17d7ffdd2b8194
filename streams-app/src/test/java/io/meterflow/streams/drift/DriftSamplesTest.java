package io.meterflow.streams.drift;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DriftSamplesTest {

    @Test
    void keepsTheNewestSamplesInTimeOrderWhateverOrderTheyCameIn() {
        DriftSamples samples = DriftSamples.EMPTY;
        for (long at : new long[] {3_000, 1_000, 4_000, 2_000, 4_000}) {
            samples = samples.with(new DriftSample(at, at / 10), 3);
        }
        // A sample of a time already held goes after it; the oldest go once there are more than three.
        assertThat(samples).containsExactly(new DriftSample(3_000, 300), new DriftSample(4_000, 400),
                new DriftSample(4_000, 400));
    }

    @Test
    void aSampleOlderThanAllKeptIsDroppedWhenTheSamplesAreFull() {
        final DriftSamples full = DriftSamples.of(List.of(new DriftSample(2_000, 5), new DriftSample(3_000, 6)));
        assertThat(full.with(new DriftSample(1_000, 4), 2)).containsExactly(new DriftSample(2_000, 5),
                new DriftSample(3_000, 6));
    }

    @Test
    void trendIsTheLeastSquaresSlopeInSecondsPerDay() {
        // One second of drift gained per hour of collection time: 24 s a day.
        final DriftSamples samples = DriftSamples.of(List.of(new DriftSample(0, 0), new DriftSample(3_600_000, 1_000),
                new DriftSample(7_200_000, 2_000)));
        assertThat(samples.trendSecondsPerDay()).isEqualTo(24.0);
        assertThat(DriftSamples.of(List.of(new DriftSample(5, 1), new DriftSample(5, 2))).trendSecondsPerDay())
                .as("samples at one time have no trend").isNull();
    }
}
