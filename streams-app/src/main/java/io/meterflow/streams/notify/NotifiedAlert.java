package io.meterflow.streams.notify;

import io.meterflow.schema.Alert;
import io.meterflow.schema.AlertCommandResult;
import io.meterflow.schema.AlertState;
import io.meterflow.schema.Severity;

/**
 * What the notifier keeps of one (meter, rule): the latest transition, its workflow state and what Alertmanager was
 * last told. Stored in a changelogged store, so a restarted notifier resumes from it.
 *
 * @param postedSeverity the severity label of the last successful post; null when never posted as firing
 */
public record NotifiedAlert(String meterId, String rule, AlertState state, Severity severity, long since, long at,
                            String message, Double value, Double threshold, String acknowledgedBy, Long shelvedUntil,
                            String postedSeverity) {

    static NotifiedAlert of(Alert a, NotifiedAlert before) {
        return new NotifiedAlert(a.meterId(), a.rule(), a.state(), a.severity(), a.since(), a.at(), a.message(),
                a.value(), a.threshold(), a.acknowledgedBy(), a.shelvedUntil(),
                before == null ? null : before.postedSeverity());
    }

    /** The workflow state after a command, when it is of this episode. */
    NotifiedAlert with(AlertCommandResult.Workflow workflow) {
        return new NotifiedAlert(meterId, rule, state, workflow.severity(), since, at, message, value, threshold,
                workflow.acknowledgedBy(), workflow.shelvedUntil(), postedSeverity);
    }

    NotifiedAlert posted() {
        return new NotifiedAlert(meterId, rule, state, severity, since, at, message, value, threshold, acknowledgedBy,
                shelvedUntil, severity.name());
    }

    /** FIRING and NO_DATA reach Alertmanager as firing; PENDING not yet, RESOLVED as resolved. */
    boolean firing() {
        return state == AlertState.FIRING || state == AlertState.NO_DATA;
    }

    boolean everPosted() {
        return postedSeverity != null;
    }
}
