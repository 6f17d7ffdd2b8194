package io.meterflow.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Objects;

/**
 * A value of {@code meter-alerts}: one alert state transition.
 *
 * @param since       start of the current episode (first bad evaluation)
 * @param at          when this transition happened
 * @param value       the evaluated value, null for NO_DATA
 * @param consecutive consecutive bad evaluations so far in this episode
 */
public record Alert(
        String meterId,
        String rule,
        AlertState state,
        Severity severity,
        long since,
        long at,
        Double value,
        Double threshold,
        int consecutive,
        String message) implements MeterRecord {

    public Alert {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    @Override
    @JsonIgnore
    public long eventTime() {
        return at;
    }
}
