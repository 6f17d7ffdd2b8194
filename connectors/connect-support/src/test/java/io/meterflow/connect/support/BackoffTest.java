package io.meterflow.connect.support;

import io.meterflow.connect.support.retry.Backoff;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @Test
    void waitsDoubleFromTheInitialUpToExactlyTheCap() {
        final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
        final List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            waits.add(backoff.nextDelay().toMillis());
        }
        // Kafka's ExponentialBackoff alone gives 4,999 ms here (floating-point power); the cap is the cap.
        assertThat(waits).containsExactly(200L, 400L, 800L, 1_600L, 3_200L, 5_000L, 5_000L, 5_000L);
        assertThat(backoff.failures()).isEqualTo(8);
    }

    @Test
    void aResetStartsOverFromTheInitialWait() {
        final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
        backoff.nextDelay();
        backoff.nextDelay();
        backoff.reset();

        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void manyFailuresNeitherOverflowNorPassTheCap() {
        assertThat(Backoff.delay(Duration.ofSeconds(15), Duration.ofMinutes(10), 1_000_000)).isEqualTo(Duration.ofMinutes(10));
        assertThat(Backoff.delay(Duration.ofMillis(Long.MAX_VALUE / 4), Duration.ofMillis(Long.MAX_VALUE), 3))
                .isEqualTo(Duration.ofMillis(Long.MAX_VALUE));
    }

    @Test
    void aCapBelowTheInitialWaitIsEveryWait() {
        assertThat(Backoff.delay(Duration.ofSeconds(15), Duration.ofSeconds(5), 0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(Backoff.delay(Duration.ofSeconds(15), Duration.ofSeconds(5), 4)).isEqualTo(Duration.ofSeconds(5));
    }
}
