package io.meterflow.streams.notify;

import io.meterflow.schema.Alert;
import io.meterflow.schema.AlertCommandResult;

/** What reaches the notifier: an alert transition, or the result of an operator command. */
sealed interface NotifierInput {

    record Transition(Alert alert) implements NotifierInput {
    }

    record CommandOutcome(AlertCommandResult result) implements NotifierInput {
    }
}
