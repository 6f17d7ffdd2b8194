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
 * @param badSinceFiring  consecutive bad evaluations after the alert started FIRING (reset by a good one): escalation
 *                        by windows
 * @param firingBadSince  event time of the first bad evaluation of the current uninterrupted bad stretch while FIRING
 *                        (the one that fired it, or the first bad one after a good one), or null: escalation by
 *                        duration
 * @param healthySince    first good evaluation of the current healthy stretch, or null while bad
 * @param fired           the episode has been FIRING (decides where NO_DATA returns to)
 * @param lastValue       last evaluated value
 * @param lastSeenWallMs  wall-clock time of the last evaluation, for NO_DATA
 * @param workflow        acknowledgement, shelving, assignment and handled commands of the episode
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
        Long firingBadSince,
        Long healthySince,
        boolean fired,
        double lastValue,
        long lastSeenWallMs,
        AlertWorkflow workflow) {

    public AlertStatus {
        workflow = workflow == null ? AlertWorkflow.NONE : workflow;
    }

    AlertStatus with(AlertState newState, Severity newSeverity) {
        return new AlertStatus(meterId, rule, newState, newSeverity, since, badSince, badStreak, badSinceFiring,
                firingBadSince, healthySince, fired || newState == AlertState.FIRING, lastValue, lastSeenWallMs,
                newSeverity.compareTo(severity) > 0 ? workflow.unacknowledged() : workflow);
    }

    AlertStatus with(AlertWorkflow newWorkflow) {
        return new AlertStatus(meterId, rule, state, severity, since, badSince, badStreak, badSinceFiring,
                firingBadSince, healthySince, fired, lastValue, lastSeenWallMs, newWorkflow);
    }

    /** FIRING from now on (event time {@code at}) with {@code newSeverity}: the escalation counts start here. */
    AlertStatus firing(Severity newSeverity, long at) {
        return new AlertStatus(meterId, rule, AlertState.FIRING, newSeverity, since, badSince, badStreak, 0, at, null,
                true, lastValue, lastSeenWallMs, newSeverity.compareTo(severity) > 0 ? workflow.unacknowledged() : workflow);
    }

    /** NO_DATA: a gap in the data interrupts the bad stretch, since nobody knows whether the condition held. */
    AlertStatus noData() {
        return new AlertStatus(meterId, rule, AlertState.NO_DATA, severity, since, null, badStreak, badSinceFiring,
                null, healthySince, fired, lastValue, lastSeenWallMs, workflow);
    }

    AlertStatus bad(double value, long at, long wallMs) {
        final boolean firing = state == AlertState.FIRING;
        return new AlertStatus(meterId, rule, state, severity, since, badSince == null ? at : badSince, badStreak + 1,
                firing ? badSinceFiring + 1 : 0, firing && firingBadSince == null ? Long.valueOf(at) : firingBadSince,
                null, fired, value, wallMs, workflow);
    }

    AlertStatus good(double value, long at, long wallMs) {
        return new AlertStatus(meterId, rule, state, severity, since, null, 0, 0, null,
                healthySince == null ? at : healthySince, fired, value, wallMs, workflow);
    }

    /** Whether the current bad stretch has lasted {@code forMs} by event time {@code at}. */
    boolean heldFor(long forMs, long at) {
        return badSince != null && at - badSince >= forMs;
    }
}
