package io.meterflow.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Objects;

/**
 * A value of {@code meter-clock-drift}.
 *
 * @param driftMs            meterTime minus the request midpoint; positive means the meter runs ahead
 * @param trendSecondsPerDay slope of the drift over recent samples, null with fewer than two samples
 * @param samples            how many samples the trend is computed from
 */
public record ClockDrift(String meterId, long at, long driftMs, Double trendSecondsPerDay, int samples)
        implements MeterRecord {

    public ClockDrift {
        Objects.requireNonNull(meterId, "meterId");
    }

    @Override
    @JsonIgnore
    public long eventTime() {
        return at;
    }
}
