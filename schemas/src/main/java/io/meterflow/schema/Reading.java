package io.meterflow.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;
import java.util.Objects;

/**
 * A value of {@code meter-readings}: one DLMS poll cycle or one MQTT message, success or failure.
 *
 * @param meterTime the meter's clock (epoch ms) or null when the meter sent none
 * @param error     failure reason, null when {@code status} is OK
 */
public record Reading(
        String meterId,
        ReadingSource source,
        long collectedAt,
        Long meterTime,
        long latencyMs,
        ReadingStatus status,
        String error,
        List<MeterValue> values) implements MeterRecord {

    public Reading {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(status, "status");
        values = values == null ? List.of() : List.copyOf(values);
    }

    public static Reading ok(String meterId, ReadingSource source, long collectedAt, Long meterTime,
                             long latencyMs, List<MeterValue> values) {
        return new Reading(meterId, source, collectedAt, meterTime, latencyMs, ReadingStatus.OK, null, values);
    }

    public static Reading failed(String meterId, ReadingSource source, long collectedAt, long latencyMs,
                                 ReadingStatus status, String error) {
        if (!status.isFailure()) {
            throw new IllegalArgumentException("a failed reading needs a failure status, got " + status);
        }
        return new Reading(meterId, source, collectedAt, null, latencyMs, status,
                Objects.requireNonNull(error, "error"), List.of());
    }

    @Override
    @JsonIgnore
    public long eventTime() {
        return collectedAt;
    }
}
