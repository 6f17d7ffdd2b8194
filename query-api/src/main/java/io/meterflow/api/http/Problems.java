package io.meterflow.api.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;

/** Maps every failure to a problem+json response, once for the whole app. Never a stack trace in a response. */
public final class Problems {

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    public static void register(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) ->
                write(ctx, e.status(), e.type(), e.title(), e.getMessage(), e.parameter(), e.reason(), e.commandId()));
        routes.exception(HttpResponseException.class, (e, ctx) ->
                write(ctx, e.getStatus(), "http-" + e.getStatus(), e.getMessage(), e.getMessage(), null));
        routes.exception(SQLException.class, (e, ctx) -> {
            LOG.error("Database failure on {} {}: {}", ctx.method(), ctx.path(), e.getMessage(), e);
            write(ctx, 503, "database-unavailable", "Database unavailable",
                    "The read model cannot be queried right now; retry later.", null);
        });
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("Unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            write(ctx, 500, "internal-error", "Internal error",
                    "The request failed unexpectedly; quote the request id when reporting it.", null);
        });
        routes.error(404, ctx -> {
            if (!isProblem(ctx)) {
                write(ctx, 404, "not-found", "Not found", "No resource at " + ctx.path(), null);
            }
        });
        routes.error(405, ctx -> {
            if (!isProblem(ctx)) {
                write(ctx, 405, "method-not-allowed", "Method not allowed", ctx.method() + " is not supported on "
                        + ctx.path(), null);
            }
        });
    }

    private static boolean isProblem(Context ctx) {
        final String type = ctx.res().getContentType();
        return type != null && type.startsWith(Problem.CONTENT_TYPE);
    }

    static void write(Context ctx, int status, String type, String title, String detail, String parameter) {
        write(ctx, status, type, title, detail, parameter, null, null);
    }

    static void write(Context ctx, int status, String type, String title, String detail, String parameter,
                      String reason, String commandId) {
        final Problem problem = new Problem(Problem.TYPE_BASE + type, title, status, detail, ctx.path(), parameter,
                RequestIds.current(ctx), reason, commandId);
        ctx.status(status).json(problem).contentType(Problem.CONTENT_TYPE);
    }
}
