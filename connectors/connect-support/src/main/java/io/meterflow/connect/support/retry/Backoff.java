package io.meterflow.connect.support.retry;

import org.apache.kafka.common.utils.internals.ExponentialBackoff;

import java.time.Duration;

/**
 * Capped exponential backoff over consecutive failures: {@code initial}, twice that, four times, … at most
 * {@code max}. Kafka's {@link ExponentialBackoff} (multiplier 2, no jitter) computes the waits; this adds the failure
 * count and {@link Duration}s, and returns exactly {@code max} once doubling reaches it (Kafka's floating-point
 * power can land a millisecond below it, e.g. 4,999 ms for a 5 s cap).
 */
public final class Backoff {

    private final long initialMs;
    private final long maxMs;
    private final ExponentialBackoff exponential;
    private long failures;

    /** A {@code max} below {@code initial} makes every wait {@code max}, as Kafka's does. */
    public Backoff(Duration initial, Duration max) {
        this.maxMs = max.toMillis();
        this.initialMs = Math.min(initial.toMillis(), maxMs);
        this.exponential = new ExponentialBackoff(initialMs, 2, maxMs, 0);
    }

    /** The wait after {@code attempt} earlier consecutive failures (0 for the first): {@code initial × 2^attempt}. */
    public static Duration delay(Duration initial, Duration max, long attempt) {
        return new Backoff(initial, max).delay(attempt);
    }

    /** Counts one more consecutive failure and returns the wait before the next attempt. */
    public Duration nextDelay() {
        return delay(failures++);
    }

    /** A success: the next failure waits {@code initial} again. */
    public void reset() {
        failures = 0;
    }

    /** Consecutive failures counted since the last {@link #reset()}. */
    public long failures() {
        return failures;
    }

    private Duration delay(long attempt) {
        return Duration.ofMillis(reachesMax(attempt) ? maxMs : exponential.backoff(attempt));
    }

    /** Whether {@code initial × 2^attempt} is at or above the cap, in exact integer arithmetic. */
    private boolean reachesMax(long attempt) {
        if (initialMs <= 0) {
            return false; // no wait grows from zero
        }
        if (attempt >= Long.SIZE - 1 - (Long.SIZE - Long.numberOfLeadingZeros(initialMs))) {
            return true; // the doubling would overflow a long, far above any cap
        }
        return initialMs << attempt >= maxMs;
    }
}
