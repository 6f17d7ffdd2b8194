package io.meterflow.streams.alerts;

import io.meterflow.schema.AlertCommand;
import io.meterflow.schema.AlertCommandResult;
import io.meterflow.schema.AlertCommandResult.Outcome;
import io.meterflow.schema.AlertCommandResult.Reason;
import io.meterflow.schema.AlertState;

import java.util.Objects;

/**
 * How an operator command changes an alert's workflow (pure; {@link AlertCommandProcessor} stores and writes).
 *
 * <ul>
 *   <li>Only an active alert (PENDING, FIRING, NO_DATA) takes commands; anything else is {@code NO_ACTIVE_ALERT}.</li>
 *   <li>ACKNOWLEDGE lasts until the episode resolves; a second one is {@code ALREADY_ACKNOWLEDGED}. UNACKNOWLEDGE
 *       of an alert that is not acknowledged is {@code NOT_ACKNOWLEDGED}.</li>
 *   <li>SHELVE sets (or moves) the time until which notifications are suppressed; it must lie after the command.</li>
 *   <li>ASSIGN sets the assignee (null or empty unassigns); COMMENT changes nothing but is recorded in the result.</li>
 *   <li>A command whose id this episode has handled before is a duplicate: its original outcome is repeated and
 *       nothing is applied again.</li>
 * </ul>
 */
public final class AlertCommands {

    private AlertCommands() {
    }

    /**
     * @param next the status to store, or null when it is unchanged (or there is none)
     */
    public record Handling(AlertStatus next, AlertCommandResult result) {
    }

    /** @param key the record key the command arrived with; it must be the command's meter id */
    public static Handling handle(AlertStatus current, AlertCommand command, String key) {
        if (current != null) {
            final var before = current.workflow().handledBefore(command.commandId());
            if (before.isPresent()) {
                return new Handling(null, AlertCommandResult.duplicate(command, before.get().outcome(),
                        before.get().reason(), workflowOf(current)));
            }
        }
        final String invalid = invalidity(command, key);
        if (invalid != null) {
            return reject(current, command, Reason.INVALID_COMMAND, invalid);
        }
        if (current == null || current.state() == AlertState.RESOLVED) {
            return reject(null, command, Reason.NO_ACTIVE_ALERT,
                    "no active alert " + command.rule() + " of " + command.meterId());
        }
        final AlertWorkflow w = current.workflow();
        return switch (command.action()) {
            case ACKNOWLEDGE -> w.acknowledged()
                    ? reject(current, command, Reason.ALREADY_ACKNOWLEDGED, "already acknowledged by "
                    + w.acknowledgedBy() + " at " + java.time.Instant.ofEpochMilli(w.acknowledgedAt()))
                    : apply(current, command, w.acknowledge(command.actor(), command.at()));
            case UNACKNOWLEDGE -> w.acknowledged()
                    ? apply(current, command, w.unacknowledged())
                    : reject(current, command, Reason.NOT_ACKNOWLEDGED, "the alert is not acknowledged");
            case SHELVE -> apply(current, command, w.shelve(command.shelvedUntil()));
            case ASSIGN -> apply(current, command,
                    w.assign(command.assignee() == null || command.assignee().isBlank() ? null : command.assignee()));
            case COMMENT -> apply(current, command, w);
        };
    }

    /** Why the command cannot apply to any alert, or null when it is well-formed. */
    private static String invalidity(AlertCommand command, String key) {
        if (command.schemaVersion() != AlertCommand.SCHEMA_VERSION) {
            return "unsupported schemaVersion " + command.schemaVersion() + " (this app reads "
                    + AlertCommand.SCHEMA_VERSION + ")";
        }
        if (!Objects.equals(key, command.meterId())) {
            return "record key '" + key + "' is not the command's meterId '" + command.meterId()
                    + "': commands are keyed by meterId";
        }
        if (command.comment() != null && (command.comment().isBlank()
                || command.comment().length() > AlertCommand.MAX_COMMENT_LENGTH)) {
            return "comment must have 1.." + AlertCommand.MAX_COMMENT_LENGTH + " characters, got "
                    + command.comment().length();
        }
        return switch (command.action()) {
            case SHELVE -> command.shelvedUntil() == null ? "SHELVE needs shelvedUntil"
                    : command.shelvedUntil() <= command.at() ? "shelvedUntil " + command.shelvedUntil()
                    + " is not after the command's time " + command.at() : null;
            case COMMENT -> command.comment() == null ? "COMMENT needs a comment" : null;
            default -> null;
        };
    }

    private static Handling apply(AlertStatus current, AlertCommand command, AlertWorkflow changed) {
        final AlertStatus next = current.with(changed.remember(command.commandId(), Outcome.APPLIED, null));
        return new Handling(next, AlertCommandResult.applied(command, workflowOf(next), null));
    }

    private static Handling reject(AlertStatus current, AlertCommand command, Reason reason, String message) {
        final AlertStatus next = current == null ? null
                : current.with(current.workflow().remember(command.commandId(), Outcome.REJECTED, reason));
        return new Handling(next, AlertCommandResult.rejected(command, reason, message, workflowOf(current)));
    }

    static AlertCommandResult.Workflow workflowOf(AlertStatus s) {
        if (s == null) {
            return null;
        }
        final AlertWorkflow w = s.workflow();
        return new AlertCommandResult.Workflow(s.state(), s.severity(), s.since(), w.acknowledgedBy(),
                w.acknowledgedAt(), w.shelvedUntil(), w.assignee());
    }
}
