package io.meterflow.connect.postgres;

import io.meterflow.connect.support.retry.Backoff;
import org.apache.kafka.connect.errors.ConnectException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Capped exponential backoff (connect-support's) for one failing batch, giving up after the retry timeout. */
final class RetryBackoff {

    private final Backoff backoff;
    private final Duration timeout;
    private final Clock clock;
    private Instant firstFailure;

    RetryBackoff(Duration initial, Duration max, Duration timeout, Clock clock) {
        this.backoff = new Backoff(initial, max);
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
        return backoff.nextDelay();
    }

    int attempts() {
        return (int) backoff.failures();
    }

    void reset() {
        firstFailure = null;
        backoff.reset();
    }
}
