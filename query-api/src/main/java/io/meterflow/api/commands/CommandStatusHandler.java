package io.meterflow.api.commands;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.meterflow.api.alerts.AlertQueries;
import io.meterflow.api.http.NotFoundException;
import io.meterflow.schema.AlertCommandResult;
import io.meterflow.schema.serde.MeterFlowJson;

import java.util.Map;
import java.util.Optional;

/**
 * GET /api/v1/alerts/commands/{commandId}: the result of a command, from the read model's action log or from the
 * results this instance has seen; 202 PENDING while this instance waits for it; 404 when nobody knows it.
 * A rejected command answers 200 with its result here: the lookup itself succeeded.
 */
public final class CommandStatusHandler implements Handler {

    public static final String PATH = "/api/v1/alerts/commands/{commandId}";
    private final AlertQueries alerts;
    private final CommandGateway gateway;

    public CommandStatusHandler(AlertQueries alerts, CommandGateway gateway) {
        this.alerts = alerts;
        this.gateway = gateway;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        final String commandId = CommandIds.checked(ctx.pathParam("commandId"));
        final byte[] stored = alerts.commandResult(commandId);
        if (stored != null) {
            ctx.contentType("application/json").result(stored);
            return;
        }
        final Optional<AlertCommandResult> seen = gateway == null ? Optional.empty() : gateway.recentResult(commandId);
        if (seen.isPresent()) {
            ctx.contentType("application/json").result(MeterFlowJson.mapper().writeValueAsBytes(seen.get()));
        } else if (gateway != null && gateway.isPending(commandId)) {
            ctx.status(202).json(Map.of("status", "PENDING", "commandId", commandId));
        } else {
            throw new NotFoundException("No command '" + commandId + "' is known (yet): results reach the read model "
                    + "within seconds of being applied");
        }
    }
}
