package io.meterflow.streams.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The settings of the interval-data branch (ledger, backfill requests, validation, estimation), read and checked by
 * {@link StreamsAppConfig#intervalData()}.
 *
 * @param allowedLag       null = 2 x the meter's capture period
 * @param backoff          wait before attempt 2; doubled per attempt up to {@code backoffMax}
 */
public record IntervalDataSettings(boolean enabled, int defaultCapturePeriodSeconds, Duration allowedLag,
                                   Duration retention, int maxOpenGaps, Duration punctuationInterval,
                                   Duration requestTimeout, int maxAttempts, Duration backoff, Duration backoffMax,
                                   Duration maxRange, Duration estimationMaxGap, Path validationRulesFile) {

    /** How far behind the ledger clock a capture time of a meter with this period must be to count as missing. */
    public long allowedLagMs(int capturePeriodSeconds) {
        return allowedLag != null ? allowedLag.toMillis() : 2_000L * capturePeriodSeconds;
    }
}
