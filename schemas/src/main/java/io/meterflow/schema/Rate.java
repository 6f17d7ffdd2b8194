package io.meterflow.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Objects;

/**
 * A value of {@code meter-rates}: the change of one cumulative register between two consecutive readings.
 *
 * @param delta     increase in {@code deltaUnit}, corrected for rollover
 * @param rate      the delta per hour-based unit (Wh over seconds gives W)
 * @param unit      unit of {@code rate} (W, var, ...)
 */
public record Rate(
        String meterId,
        String obis,
        long from,
        long to,
        double delta,
        String deltaUnit,
        double rate,
        String unit,
        RateKind kind) implements MeterRecord {

    public Rate {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(obis, "obis");
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    @JsonIgnore
    public long eventTime() {
        return to;
    }
}
