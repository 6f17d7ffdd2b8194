package io.meterflow.streams.alerts;

import io.meterflow.schema.AlertCommandResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operator workflow of one alert episode: acknowledgement, shelving, assignment, and the commands handled in
 * this episode (their ids and outcomes, so that a redelivered command is recognised and not applied again). Lives
 * inside the episode's {@link AlertStatus}, so it ends when the episode resolves and a new episode starts
 * {@link #NONE}. Comments are not kept here: they are recorded on {@code meter-alert-command-results}.
 *
 * @param shelvedUntil notifications are suppressed until then (wall clock, epoch ms); state is not affected
 * @param handled      the latest {@link #REMEMBERED} commands handled in this episode, oldest first
 */
public record AlertWorkflow(
        String acknowledgedBy,
        Long acknowledgedAt,
        Long shelvedUntil,
        String assignee,
        List<Handled> handled) {

    /** Commands remembered per alert episode for deduplication: bounds the state of an alert. */
    public static final int REMEMBERED = 32;

    public static final AlertWorkflow NONE = new AlertWorkflow(null, null, null, null, List.of());

    /** A command handled in this episode. */
    public record Handled(String commandId, AlertCommandResult.Outcome outcome, AlertCommandResult.Reason reason) {
    }

    public AlertWorkflow {
        handled = handled == null ? List.of() : List.copyOf(handled);
    }

    public boolean acknowledged() {
        return acknowledgedBy != null;
    }

    public Optional<Handled> handledBefore(String commandId) {
        return handled.stream().filter(h -> h.commandId().equals(commandId)).findFirst();
    }

    AlertWorkflow acknowledge(String actor, long at) {
        return new AlertWorkflow(actor, at, shelvedUntil, assignee, handled);
    }

    /** Without acknowledgement: UNACKNOWLEDGE, and an escalation, which must be noticed again. */
    AlertWorkflow unacknowledged() {
        return new AlertWorkflow(null, null, shelvedUntil, assignee, handled);
    }

    AlertWorkflow shelve(long until) {
        return new AlertWorkflow(acknowledgedBy, acknowledgedAt, until, assignee, handled);
    }

    AlertWorkflow assign(String newAssignee) {
        return new AlertWorkflow(acknowledgedBy, acknowledgedAt, shelvedUntil, newAssignee, handled);
    }

    /** This workflow remembering that {@code commandId} was handled with {@code outcome}, forgetting the oldest. */
    AlertWorkflow remember(String commandId, AlertCommandResult.Outcome outcome, AlertCommandResult.Reason reason) {
        final List<Handled> next = new ArrayList<>(handled.size() + 1);
        next.addAll(handled.size() < REMEMBERED ? handled : handled.subList(handled.size() - REMEMBERED + 1, handled.size()));
        next.add(new Handled(commandId, outcome, reason));
        return new AlertWorkflow(acknowledgedBy, acknowledgedAt, shelvedUntil, assignee, next);
    }
}
