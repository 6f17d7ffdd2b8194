package io.meterflow.streams.ledger;

import io.meterflow.streams.config.IntervalDataSettings;
import org.apache.kafka.common.utils.internals.ExponentialBackoff;

/** The ledger's settings in the units it computes with (ms), and its one backoff. */
public final class LedgerPolicy {

    private static final int BACKOFF_MULTIPLIER = 2;

    private final IntervalDataSettings settings;
    private final ExponentialBackoff backoff;

    public LedgerPolicy(IntervalDataSettings settings) {
        this.settings = settings;
        // No jitter: a restarted task that replays its input asks at the same times, and tests can name them.
        this.backoff = new ExponentialBackoff(settings.backoff().toMillis(), BACKOFF_MULTIPLIER,
                settings.backoffMax().toMillis(), 0);
    }

    int defaultPeriodSeconds() {
        return settings.defaultCapturePeriodSeconds();
    }

    long allowedLagMs(int periodSeconds) {
        return settings.allowedLagMs(periodSeconds);
    }

    long retentionMs() {
        return settings.retention().toMillis();
    }

    int maxOpenGaps() {
        return settings.maxOpenGaps();
    }

    long requestTimeoutMs() {
        return settings.requestTimeout().toMillis();
    }

    int maxAttempts() {
        return settings.maxAttempts();
    }

    /** Wait after attempt {@code attempt} failed before the next one. */
    long backoffMs(int attempt) {
        return backoff.backoff(attempt - 1L);
    }

    long maxRangeMs() {
        return settings.maxRange().toMillis();
    }

    long estimationMaxGapMs() {
        return settings.estimationMaxGap().toMillis();
    }
}
