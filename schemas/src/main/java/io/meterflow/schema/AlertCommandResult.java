package io.meterflow.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Locale;
import java.util.Objects;

/**
 * A value of {@code meter-alert-command-results}: what the alert processor did with one command.
 *
 * @param at        when the command was applied: the command's {@code at}
 * @param reason    why it was rejected; null when applied
 * @param message   human-readable explanation, null when there is nothing to add
 * @param duplicate true when this commandId was seen before: the original outcome is repeated, nothing applied again
 * @param workflow  the alert's workflow state after the command; null when no alert exists
 * @param comment   the command's comment, if any
 */
public record AlertCommandResult(
        int schemaVersion,
        String commandId,
        String meterId,
        String rule,
        AlertCommand.Action action,
        String actor,
        long at,
        Outcome outcome,
        Reason reason,
        String message,
        boolean duplicate,
        Workflow workflow,
        String comment) implements MeterRecord {

    public static final int SCHEMA_VERSION = 1;

    public enum Outcome {
        APPLIED, REJECTED
    }

    /** Why a command could not apply. */
    public enum Reason {
        /** The alert is not PENDING, FIRING or NO_DATA (never existed, or RESOLVED). */
        NO_ACTIVE_ALERT,
        /** UNACKNOWLEDGE of an alert that is not acknowledged. */
        NOT_ACKNOWLEDGED,
        /** ACKNOWLEDGE of an alert that is already acknowledged in this episode. */
        ALREADY_ACKNOWLEDGED,
        /** The command itself is malformed (e.g. SHELVE without a future time, COMMENT without text). */
        INVALID_COMMAND
    }

    /**
     * The operator workflow state of one alert.
     *
     * @param since start of the alert's episode
     */
    public record Workflow(
            AlertState state,
            Severity severity,
            long since,
            String acknowledgedBy,
            Long acknowledgedAt,
            Long shelvedUntil,
            String assignee) {

        public Workflow {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(severity, "severity");
        }
    }

    public AlertCommandResult {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.REJECTED) != (reason != null)) {
            throw new IllegalArgumentException("a rejected result needs a reason and an applied one none: "
                    + outcome + " with reason " + reason);
        }
    }

    /** The command applied; {@code workflow} is the alert's state after it. */
    public static AlertCommandResult applied(AlertCommand command, Workflow workflow, String message) {
        return new AlertCommandResult(SCHEMA_VERSION, command.commandId(), command.meterId(), command.rule(),
                command.action(), command.actor(), command.at(), Outcome.APPLIED, null, message, false, workflow,
                command.comment());
    }

    /** The command rejected for {@code reason}; {@code workflow} is the alert's unchanged state, null if none. */
    public static AlertCommandResult rejected(AlertCommand command, Reason reason, String message, Workflow workflow) {
        return new AlertCommandResult(SCHEMA_VERSION, command.commandId(), command.meterId(), command.rule(),
                command.action(), command.actor(), command.at(), Outcome.REJECTED, reason, message, false, workflow,
                command.comment());
    }

    /**
     * A redelivered command (its commandId was seen before): the original outcome and reason are repeated, nothing
     * is applied again; {@code workflow} is the alert's current state.
     */
    public static AlertCommandResult duplicate(AlertCommand command, Outcome originalOutcome, Reason originalReason,
                                               Workflow workflow) {
        return new AlertCommandResult(SCHEMA_VERSION, command.commandId(), command.meterId(), command.rule(),
                command.action(), command.actor(), command.at(), originalOutcome, originalReason,
                "command " + command.commandId() + " was already " + originalOutcome.name().toLowerCase(Locale.ROOT)
                        + "; not applied again", true, workflow, command.comment());
    }

    @Override
    @JsonIgnore
    public long eventTime() {
        return at;
    }
}
