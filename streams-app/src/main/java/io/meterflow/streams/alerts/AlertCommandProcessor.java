package io.meterflow.streams.alerts;

import io.meterflow.schema.AlertCommand;
import io.meterflow.schema.AlertCommandResult;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies operator commands ({@code meter-alert-commands}) to the alert store that the {@link AlertProcessor} of the
 * same task keeps, and writes one result per command. Store write, result and consumed offset commit in one
 * exactly_once_v2 transaction, so a command is applied once across crashes; a command redelivered by its producer
 * (an API retry with the same commandId) is recognised by the episode's {@link AlertWorkflow#handled()} memory.
 *
 * <p>Commands never create or delete an alert (they only change the workflow of an active one), so the
 * {@link AlertProcessor}'s in-memory index of present keys stays right.
 */
public final class AlertCommandProcessor implements Processor<String, AlertCommand, String, AlertCommandResult> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertCommandProcessor.class);

    private final String alertStore;
    private ProcessorContext<String, AlertCommandResult> context;
    private KeyValueStore<String, AlertStatus> alerts;

    public AlertCommandProcessor(String alertStore) {
        this.alertStore = alertStore;
    }

    @Override
    public void init(ProcessorContext<String, AlertCommandResult> context) {
        this.context = context;
        this.alerts = context.getStateStore(alertStore);
    }

    @Override
    public void process(Record<String, AlertCommand> record) {
        final AlertCommand command = record.value();
        if (command == null) {
            return;
        }
        final String key = AlertProcessor.key(command.meterId(), command.rule());
        final AlertCommands.Handling handling = AlertCommands.handle(alerts.get(key), command, record.key());
        if (handling.next() != null) {
            alerts.put(key, handling.next());
        }
        final AlertCommandResult result = handling.result();
        LOG.info("Alert command {} {} on {} of {} by {}: {}{}{}", result.commandId(), result.action(), result.rule(),
                result.meterId(), result.actor(), result.outcome(), result.reason() == null ? "" : " " + result.reason(),
                result.duplicate() ? " (duplicate)" : "");
        context.forward(new Record<>(command.meterId(), result, command.at()));
    }
}
