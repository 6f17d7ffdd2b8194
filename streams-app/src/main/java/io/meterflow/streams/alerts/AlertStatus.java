package io.meterflow.streams.alerts;

import io.meterflow.schema.AlertState;
import io.meterflow.schema.Severity;

/**
 * The stored state of one (meter, rule) alert that is not INACTIVE (INACTIVE is the absence of a status).
 *
 * @param since           first bad evaluation of the episode
 * @param badSince        first bad evaluation of the current uninterrupted bad stretch (what {@code for} measures),
 *                        or null while good and after a data gap (NO_DATA)
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
        Long badSince,
        int badStreak,
        int badSinceFiring,
        Long healthySince,
        boolean fired,
        double lastValue,
        long lastSeenWallMs) {

    AlertStatus with(AlertState newState, Severity newSeverity) {
        return new AlertStatus(meterId, rule, newState, newSeverity, since, badSince, badStreak, badSinceFiring,
                healthySince, fired || newState == AlertState.FIRING, lastValue, lastSeenWallMs);
    }

    /** NO_DATA: a gap in the data interrupts the bad stretch, since nobody knows whether the condition held. */
    AlertStatus noData() {
        return new AlertStatus(meterId, rule, AlertState.NO_DATA, severity, since, null, badStreak, badSinceFiring,
                healthySince, fired, lastValue, lastSeenWallMs);
    }

    AlertStatus bad(double value, long at, long wallMs) {
        return new AlertStatus(meterId, rule, state, severity, since, badSince == null ? at : badSince, badStreak + 1,
                state == AlertState.FIRING ? badSinceFiring + 1 : 0, null, fired, value, wallMs);
    }

    AlertStatus good(double value, long at, long wallMs) {
        return new AlertStatus(meterId, rule, state, severity, since, null, 0, 0,
                healthySince == null ? at : healthySince, fired, value, wallMs);
    }

    /** Whether the current bad stretch has lasted {@code forMs} by event time {@code at}. */
    boolean heldFor(long forMs, long at) {
        return badSince != null && at - badSince >= forMs;
    }
}
