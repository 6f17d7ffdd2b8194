package io.meterflow.streams.alerts;

import io.meterflow.schema.Alert;
import io.meterflow.schema.AlertState;
import io.meterflow.schema.Severity;

/**
 * The alert state machine of one (meter, rule): INACTIVE → PENDING → FIRING → RESOLVED, with NO_DATA beside it.
 *
 * <ul>
 *   <li>A bad evaluation starts an episode: PENDING, or FIRING at once when {@code for} is zero.</li>
 *   <li>PENDING becomes FIRING on a bad evaluation once the condition has HELD for {@code for}: the clock measures
 *       the current uninterrupted stretch of bad evaluations. A good evaluation while PENDING restarts that clock
 *       without writing anything (the alert stays PENDING), so bad/good/bad does not fire after {@code for}.</li>
 *   <li>PENDING and FIRING resolve only after {@code healthyAfter} of good evaluations (a PENDING one "cleared
 *       before firing"); a bad one in between starts the healthy stretch over. So an input that flips on every
 *       evaluation never fires from PENDING, a FIRING one stays FIRING, and nothing ping-pongs between RESOLVED
 *       and FIRING.</li>
 *   <li>A FIRING alert becomes CRITICAL at once when a value passes the rule's critical threshold, or when it has
 *       stayed bad while FIRING for the rule's {@link Escalation} (a duration, or a number of windows for windowed
 *       metrics; never by default when the rule has a critical threshold). It stays CRITICAL until resolved. A rise
 *       in severity clears an acknowledgement: the operator has to notice it again.</li>
 *   <li>An active alert without evaluations for {@code noDataAfter} (wall clock) goes to NO_DATA. NO_DATA is not
 *       recovery: only good evaluations for {@code healthyAfter} resolve it; a bad one returns it to FIRING if the
 *       episode had fired, else to PENDING ("data is back") with the {@code for} clock started over, because
 *       nobody knows whether the condition held during the gap.</li>
 * </ul>
 * Pure: the processor stores {@link Step#next()} and writes {@link Step#transition()}.
 */
public final class AlertStateMachine {

    /** The outcome of an evaluation: the status to store (null = INACTIVE) and the transition to write, if any. */
    public record Step(AlertStatus next, Alert transition, boolean changed) {
        static Step unchanged(AlertStatus current) {
            return new Step(current, null, false);
        }

        static Step store(AlertStatus next) {
            return new Step(next, null, true);
        }

        static Step emit(AlertStatus next, Alert transition) {
            return new Step(next, transition, true);
        }
    }

    private AlertStateMachine() {
    }

    public static Step evaluate(AlertRule rule, AlertStatus current, Evaluation e, long wallMs) {
        final boolean bad = rule.isBad(e.value());
        if (current == null) {
            return bad ? start(rule, e, wallMs) : Step.unchanged(null);
        }
        return bad ? onBad(rule, current.bad(e.value(), e.at(), wallMs), e)
                : onGood(rule, current.good(e.value(), e.at(), wallMs), e);
    }

    /**
     * The wall-clock check of an active alert: NO_DATA when it has not been evaluated for noDataAfter.
     *
     * @param quietMs wall-clock time since its last evaluation (as far as the processor can tell, see WallClockGuard)
     */
    public static Step checkNoData(AlertRule rule, AlertStatus current, long quietMs, long wallMs) {
        if (rule.noDataAfter() == null || current.state() == AlertState.NO_DATA
                || quietMs < rule.noDataAfter().toMillis()) {
            return Step.unchanged(current);
        }
        final AlertStatus next = current.noData();
        return Step.emit(next, alert(rule, next, wallMs, null,
                rule.name() + ": no evaluation for " + rule.noDataAfter() + " while " + current.state()));
    }

    private static Step start(AlertRule rule, Evaluation e, long wallMs) {
        final Severity severity = rule.isCritical(e.value()) ? Severity.CRITICAL : rule.severity();
        final AlertStatus pending = new AlertStatus(e.meterId(), rule.name(), AlertState.PENDING, severity, e.at(),
                e.at(), 1, 0, null, null, false, e.value(), wallMs, AlertWorkflow.NONE);
        if (rule.forDuration().isZero()) {
            return fire(rule, pending, e);
        }
        return Step.emit(pending, alert(rule, pending, e.at(), e.value(), rule.describe(e.value())
                + "; pending for " + rule.forDuration()));
    }

    private static Step onBad(AlertRule rule, AlertStatus s, Evaluation e) {
        return switch (s.state()) {
            case PENDING -> s.heldFor(rule.forDuration().toMillis(), e.at()) ? fire(rule, s, e) : Step.store(s);
            case FIRING -> {
                if (s.severity() == Severity.CRITICAL) {
                    yield Step.store(s);
                }
                final String why = rule.isCritical(e.value()) ? "beyond the critical threshold " + rule.critical()
                        : rule.escalateAfter().due(s, e.at()) ? rule.escalateAfter().describe() : null;
                if (why == null) {
                    yield Step.store(s);
                }
                final AlertStatus critical = s.with(AlertState.FIRING, Severity.CRITICAL);
                yield Step.emit(critical, alert(rule, critical, e.at(), e.value(), rule.describe(e.value())
                        + "; escalated to CRITICAL: " + why));
            }
            case NO_DATA -> s.fired() ? fire(rule, s, e) : backToPending(rule, s, e);
            default -> throw new IllegalStateException("stored alert state " + s.state());
        };
    }

    private static Step backToPending(AlertRule rule, AlertStatus s, Evaluation e) {
        if (s.heldFor(rule.forDuration().toMillis(), e.at())) {
            return fire(rule, s, e);
        }
        final AlertStatus pending = s.with(AlertState.PENDING, s.severity());
        return Step.emit(pending, alert(rule, pending, e.at(), e.value(), rule.describe(e.value()) + "; data is back"));
    }

    private static Step fire(AlertRule rule, AlertStatus s, Evaluation e) {
        final Severity severity = rule.isCritical(e.value()) ? Severity.CRITICAL : s.severity();
        final AlertStatus firing = s.firing(severity, e.at());
        return Step.emit(firing, alert(rule, firing, e.at(), e.value(), rule.describe(e.value())));
    }

    private static Step onGood(AlertRule rule, AlertStatus s, Evaluation e) {
        if (e.at() - s.healthySince() < rule.healthyAfter().toMillis()) {
            return Step.store(s);
        }
        final AlertStatus resolved = s.with(AlertState.RESOLVED, s.severity());
        return Step.emit(null, alert(rule, resolved, e.at(), e.value(), rule.describe(e.value())
                + (s.fired() ? "; healthy for " : "; cleared before firing, healthy for ") + rule.healthyAfter()));
    }

    private static Alert alert(AlertRule rule, AlertStatus s, long at, Double value, String message) {
        final AlertWorkflow w = s.workflow();
        return new Alert(s.meterId(), rule.name(), s.state(), s.severity(), s.since(), at, value, rule.threshold(),
                s.badStreak(), message, w.acknowledgedBy(), w.acknowledgedAt(), w.shelvedUntil(), w.assignee());
    }
}
