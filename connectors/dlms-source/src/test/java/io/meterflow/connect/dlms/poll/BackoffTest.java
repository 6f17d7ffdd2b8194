package io.meterflow.connect.dlms.poll;

import io.meterflow.schema.ReadingStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    private static final Duration INTERVAL = Duration.ofSeconds(15);

    @ParameterizedTest
    @EnumSource(value = ReadingStatus.class, names = {"TIMEOUT", "UNREACHABLE", "PROTOCOL_ERROR", "AUTH_FAILED"})
    void everyFailureKindDoublesTheWaitUpToTheCap(ReadingStatus failure) {
        final Backoff backoff = new Backoff(Duration.ofMinutes(2));
        final List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            waits.add(backoff.next(INTERVAL, failure));
        }
        assertThat(waits).containsExactly(Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(120), Duration.ofSeconds(120), Duration.ofSeconds(120));
    }

    @Test
    void oneGoodCycleRestoresTheIntervalAndTheNextFailureStartsOver() {
        final Backoff backoff = new Backoff(Duration.ofMinutes(10));
        backoff.next(INTERVAL, ReadingStatus.TIMEOUT);
        backoff.next(INTERVAL, ReadingStatus.UNREACHABLE);
        assertThat(backoff.next(INTERVAL, ReadingStatus.PROTOCOL_ERROR)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.next(INTERVAL, ReadingStatus.OK)).isEqualTo(INTERVAL);
        assertThat(backoff.next(INTERVAL, ReadingStatus.TIMEOUT)).isEqualTo(INTERVAL);
        assertThat(backoff.next(INTERVAL, ReadingStatus.TIMEOUT)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theDefaultCapOfTenMinutesHoldsAfterManyFailures() {
        final Backoff backoff = new Backoff(Duration.ofMinutes(10));
        Duration last = null;
        for (int i = 0; i < 1_000; i++) {
            last = backoff.next(INTERVAL, ReadingStatus.TIMEOUT);
        }
        assertThat(last).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aCapBelowTheIntervalNeverPollsFasterThanTheInterval() {
        final Backoff backoff = new Backoff(Duration.ZERO);
        backoff.next(INTERVAL, ReadingStatus.TIMEOUT);
        assertThat(backoff.next(INTERVAL, ReadingStatus.TIMEOUT)).isEqualTo(INTERVAL);
    }
}
