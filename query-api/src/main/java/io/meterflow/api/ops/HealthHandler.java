package io.meterflow.api.ops;

import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.Map;

/** GET /health: liveness. The process answers; it says nothing about the database (that is /ready). */
public final class HealthHandler implements Handler {

    @Override
    public void handle(Context ctx) {
        ctx.json(Map.of("status", "UP"));
    }
}
