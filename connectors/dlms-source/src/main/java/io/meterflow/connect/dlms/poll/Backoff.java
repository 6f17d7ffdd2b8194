package io.meterflow.connect.dlms.poll;

import io.meterflow.schema.ReadingStatus;

import java.time.Duration;

/**
 * A meter's wait before its next cycle: the poll interval after a good cycle, and after n consecutive failed ones
 * interval x 2^(n-1), at most the cap. Every failure kind counts: a meter that never answers, resets connections,
 * talks garbage or rejects the credentials is not helped by being asked every interval (and a real meter may lock
 * out a client that keeps failing authentication).
 */
final class Backoff {

    private final Duration cap;
    private int consecutiveFailures;

    Backoff(Duration cap) {
        this.cap = cap;
    }

    Duration next(Duration interval, ReadingStatus status) {
        if (!status.isFailure()) {
            consecutiveFailures = 0;
            return interval;
        }
        consecutiveFailures++;
        final Duration max = cap.compareTo(interval) > 0 ? cap : interval; // never faster than the interval
        return io.meterflow.connect.support.retry.Backoff.delay(interval, max, consecutiveFailures - 1);
    }
}
