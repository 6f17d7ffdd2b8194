package io.meterflow.api.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.meterflow.api.alerts.AlertQueries;
import io.meterflow.api.http.ApiKeys;
import io.meterflow.api.http.CommandRejectedException;
import io.meterflow.api.http.InvalidParameterException;
import io.meterflow.api.http.NotFoundException;
import io.meterflow.api.http.ServiceUnavailableException;
import io.meterflow.api.params.RequestParams;
import io.meterflow.schema.AlertCommand;
import io.meterflow.schema.AlertCommand.Action;
import io.meterflow.schema.AlertCommandResult;
import io.meterflow.schema.serde.MeterFlowJson;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * POST /api/v1/alerts/{meterId}/{rule}/{action}: checks the key, the alert and the body, sends the command and
 * answers with its result (201), the rejection (409, or 404 when no alert is active), or 202 while it is pending.
 */
public final class AlertCommandHandler implements Handler {

    private final Action action;
    private final ApiKeys keys;
    private final AlertQueries alerts;
    private final RequestParams params;
    private final CommandGateway gateway;
    private final Clock clock;

    public AlertCommandHandler(Action action, ApiKeys keys, AlertQueries alerts, RequestParams params,
                               CommandGateway gateway, Clock clock) {
        this.action = action;
        this.keys = keys;
        this.alerts = alerts;
        this.params = params;
        this.gateway = gateway;
        this.clock = clock;
    }

    /** The path segment of an action: {@code acknowledge}, {@code unacknowledge}, ... */
    public static String pathOf(Action action) {
        return action.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void handle(Context ctx) throws Exception {
        final String actor = keys.actor(ctx);
        final String meterId = params.meterId(ctx);
        final String rule = params.rule(ctx);
        final CommandBody body = CommandBody.parse(action, ctx.body(), clock.instant());
        final String commandId = CommandIds.of(actor, ctx.header(CommandIds.IDEMPOTENCY_HEADER));
        if (gateway == null) {
            throw new ServiceUnavailableException("writes-disabled", "This API instance takes no alert commands: "
                    + "MF_API_KAFKA_BOOTSTRAP_SERVERS is not set.");
        }
        if (!alerts.exists(meterId, rule)) {
            throw new NotFoundException("No alert '" + rule + "' of meter '" + meterId + "' in the read model");
        }
        final AlertCommand command = AlertCommand.of(commandId, meterId, rule, action, actor, clock.millis(),
                body.shelvedUntil(), body.assignee(), body.comment());
        final Optional<AlertCommandResult> result = gateway.submit(command);
        ctx.header("Location", CommandStatusHandler.PATH.replace("{commandId}", commandId));
        if (result.isEmpty()) {
            ctx.status(202).json(Map.of("status", "PENDING", "commandId", commandId));
            return;
        }
        final AlertCommandResult r = result.get();
        if (!r.meterId().equals(meterId) || !r.rule().equals(rule) || r.action() != action) {
            throw new InvalidParameterException(CommandIds.IDEMPOTENCY_HEADER, "this " + CommandIds.IDEMPOTENCY_HEADER
                    + " was used before for " + pathOf(r.action()) + " of " + r.meterId() + "/" + r.rule()
                    + "; use a new key for a new request");
        }
        answer(ctx, r, 201);
    }

    /** APPLIED: the result with {@code status}; REJECTED: 404 (no active alert) or 409 problem naming the reason. */
    static void answer(Context ctx, AlertCommandResult result, int appliedStatus) throws JsonProcessingException {
        if (result.outcome() == AlertCommandResult.Outcome.REJECTED) {
            final boolean gone = result.reason() == AlertCommandResult.Reason.NO_ACTIVE_ALERT;
            throw new CommandRejectedException(gone ? 404 : 409, result.reason().name(), result.commandId(),
                    result.message() != null ? result.message() : pathOf(result.action()) + " of " + result.meterId()
                            + "/" + result.rule() + " rejected: " + result.reason());
        }
        ctx.status(appliedStatus).contentType("application/json")
                .result(MeterFlowJson.mapper().writeValueAsBytes(result));
    }
}
