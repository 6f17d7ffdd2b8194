package io.meterflow.connect.postgres;

import org.apache.kafka.connect.errors.ConnectException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Capped exponential backoff for one failing batch, giving up after the retry timeout. */
final class RetryBackoff {

    private final Duration initial;
    private final Duration max;
    private final Duration timeout;
    private final Clock clock;
    private Instant firstFailure;
    private int attempts;

    RetryBackoff(Duration initial, Duration max, Duration timeout, Clock clock) {
        this.initial = initial;
        this.max = max;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * How long to wait before the next attempt.
     *
     * @throws ConnectException once the failures have lasted longer than the retry timeout
     */
    Duration nextDelay(Exception failure) {
        final Instant now = clock.instant();
        if (firstFailure == null) {
            firstFailure = now;
        }
        if (Duration.between(firstFailure, now).compareTo(timeout) > 0) {
            throw new ConnectException("PostgreSQL has failed for " + Duration.between(firstFailure, now).toSeconds()
                    + " s, longer than retry.timeout.ms; last error: " + failure.getMessage(), failure);
        }
        final long factor = 1L << Math.min(attempts++, 20);
        final Duration delay = initial.multipliedBy(factor);
        return delay.compareTo(max) > 0 ? max : delay;
    }

    int attempts() {
        return attempts;
    }

    void reset() {
        firstFailure = null;
        attempts = 0;
    }
}
