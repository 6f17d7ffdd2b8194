package io.meterflow.schema;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.OptBoolean;

import java.util.Objects;

/**
 * A value of {@code meter-alerts}: one alert state transition.
 *
 * @param since          start of the current episode (first bad evaluation)
 * @param at             when this transition happened
 * @param value          the evaluated value, null for NO_DATA
 * @param consecutive    consecutive bad evaluations so far in this episode
 * @param acknowledgedBy since schema 1.1: who acknowledged this episode, null when unacknowledged
 * @param acknowledgedAt since schema 1.1: when this episode was acknowledged, null when unacknowledged
 * @param shelvedUntil   since schema 1.1: notifications are suppressed until this time, null when not shelved
 * @param assignee       since schema 1.1: who the episode is assigned to, null when unassigned
 *                       <p>
 *                       The four fields of schema 1.1 are read from the JSON when present and are null when a record
 *                       written before 1.1 lacks them; our mapper fails on every other missing field. Jackson resolves
 *                       "missing" through (optional) injection; nothing is ever injected.
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
        String message,
        @JacksonInject(value = "acknowledgedBy", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
        String acknowledgedBy,
        @JacksonInject(value = "acknowledgedAt", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
        Long acknowledgedAt,
        @JacksonInject(value = "shelvedUntil", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
        Long shelvedUntil,
        @JacksonInject(value = "assignee", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
        String assignee) implements MeterRecord {

    public Alert {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    /** A transition without operator workflow state (unacknowledged, not shelved, unassigned). */
    public Alert(String meterId, String rule, AlertState state, Severity severity, long since, long at, Double value,
                 Double threshold, int consecutive, String message) {
        this(meterId, rule, state, severity, since, at, value, threshold, consecutive, message, null, null, null, null);
    }

    @Override
    @JsonIgnore
    public long eventTime() {
        return at;
    }
}
