package io.meterflow.streams.alerts;

import io.meterflow.schema.AlertState;
import io.meterflow.schema.Severity;

/**
 * The stored state of one (meter, rule) alert that is not INACTIVE (INACTIVE is the absence of a status).
 *
 * @param since           first bad evaluation of the episode
 * @param badStreak       consecutive bad evaluations (reset by a good one)
 * @param badSinceFiring  consecutive bad evaluations after the alert started FIRING, for escalation
 * @param healthySince    first good evaluation of the current healthy stretch, or null while bad
 * @param fired           the episode has been FIRING (decides where NO_DATA returns to)
 * @param lastValue       last evaluated value
 * @param lastSeenWallMs  wall-clock time of the last evaluation, for NO_DATA
 */
public record AlertStatus(
        String meterId,
        String rule,
        AlertState state,
        Severity severity,
        long since,
        int badStreak,
        int badSinceFiring,
        Long healthySince,
        boolean fired,
        double lastValue,
        long lastSeenWallMs) {

    AlertStatus with(AlertState newState, Severity newSeverity) {
        return new AlertStatus(meterId, rule, newState, newSeverity, since, badStreak, badSinceFiring, healthySince,
                fired || newState == AlertState.FIRING, lastValue, lastSeenWallMs);
    }

    AlertStatus bad(double value, long wallMs) {
        return new AlertStatus(meterId, rule, state, severity, since, badStreak + 1,
                state == AlertState.FIRING ? badSinceFiring + 1 : 0, null, fired, value, wallMs);
    }

    AlertStatus good(double value, long at, long wallMs) {
        return new AlertStatus(meterId, rule, state, severity, since, 0, 0, healthySince == null ? at : healthySince,
                fired, value, wallMs);
    }
}
