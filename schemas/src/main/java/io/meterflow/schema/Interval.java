package io.meterflow.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;
import java.util.Objects;

/**
 * A value of {@code meter-intervals}: one load-profile row.
 *
 * @param statusFlags the profile's status column (bit field), null when the profile has none
 */
public record Interval(String meterId, long capturedAt, List<MeterValue> values, Integer statusFlags)
        implements MeterRecord {

    public Interval {
        Objects.requireNonNull(meterId, "meterId");
        values = values == null ? List.of() : List.copyOf(values);
    }

    @Override
    @JsonIgnore
    public long eventTime() {
        return capturedAt;
    }
}
