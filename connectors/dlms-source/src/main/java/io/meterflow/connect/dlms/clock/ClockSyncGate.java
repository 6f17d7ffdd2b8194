package io.meterflow.connect.dlms.clock;

import java.time.Duration;

/**
 * Decides whether a meter's clock is set this cycle: the meter is opted in, its client is authenticated, the
 * drift exceeds the threshold, and the last attempt (whatever its result) is at least the minimum interval ago.
 * The last attempt starts from the committed source offset of the meter's clock-sync partition, so a restarted
 * task keeps the interval (an attempt whose record was not yet committed when the task died is not known).
 */
public final class ClockSyncGate {

    private final long thresholdMs;
    private final long minIntervalMs;
    private Long lastAttemptAt;

    /** @param lastAttemptAt true time of the last recorded attempt, null when there was none */
    public ClockSyncGate(Duration threshold, Duration minInterval, Long lastAttemptAt) {
        this.thresholdMs = threshold.toMillis();
        this.minIntervalMs = minInterval.toMillis();
        this.lastAttemptAt = lastAttemptAt;
    }

    public boolean due(ClockReading reading) {
        if (Math.abs(reading.offsetMs()) <= thresholdMs) {
            return false;
        }
        return lastAttemptAt == null || reading.collectedAt() - lastAttemptAt >= minIntervalMs;
    }

    public void attempted(long at) {
        lastAttemptAt = at;
    }
}
