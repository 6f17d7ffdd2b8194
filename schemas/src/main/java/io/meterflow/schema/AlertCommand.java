package io.meterflow.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Objects;

/**
 * A value of {@code meter-alert-commands}: one operator command on the alert (meterId, rule), applied exactly once
 * by the alert processor, which answers it on {@code meter-alert-command-results}.
 *
 * @param commandId    unique per command; the same for a retried request (derived from actor and Idempotency-Key)
 * @param actor        who issued it: the name of the API key
 * @param at           when it was issued, epoch ms
 * @param shelvedUntil SHELVE: notifications are suppressed until this time; null for the other actions
 * @param assignee     ASSIGN: the new assignee, null or empty to unassign; null for the other actions
 * @param comment      COMMENT: the comment; an optional note on the other actions
 */
public record AlertCommand(
        int schemaVersion,
        String commandId,
        String meterId,
        String rule,
        Action action,
        String actor,
        long at,
        Long shelvedUntil,
        String assignee,
        String comment) implements MeterRecord {

    public static final int SCHEMA_VERSION = 1;

    /** Longest comment a command may carry. */
    public static final int MAX_COMMENT_LENGTH = 2000;

    /** What an operator can do with an alert. */
    public enum Action {
        ACKNOWLEDGE, UNACKNOWLEDGE, SHELVE, ASSIGN, COMMENT
    }

    public AlertCommand {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actor, "actor");
    }

    /** A command of the current schema version. */
    public static AlertCommand of(String commandId, String meterId, String rule, Action action, String actor, long at,
                                  Long shelvedUntil, String assignee, String comment) {
        return new AlertCommand(SCHEMA_VERSION, commandId, meterId, rule, action, actor, at, shelvedUntil, assignee,
                comment);
    }

    @Override
    @JsonIgnore
    public long eventTime() {
        return at;
    }
}
