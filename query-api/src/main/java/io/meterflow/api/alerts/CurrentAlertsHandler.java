package io.meterflow.api.alerts;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.meterflow.api.http.InvalidParameterException;
import io.meterflow.api.http.Page;
import io.meterflow.api.params.Cursor;
import io.meterflow.api.params.RequestParams;
import io.meterflow.schema.AlertState;
import io.meterflow.schema.Severity;

/** GET /api/v1/alerts?state&severity&meterId: current alerts; without state, the active ones (not RESOLVED). */
public final class CurrentAlertsHandler implements Handler {

    private static final String LISTING = "alerts";
    private static final String[] ACTIVE = {"PENDING", "FIRING", "NO_DATA"};
    private final AlertQueries queries;
    private final RequestParams params;

    public CurrentAlertsHandler(AlertQueries queries, RequestParams params) {
        this.queries = queries;
        this.params = params;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        final AlertState state = params.optionalEnum(ctx, "state", AlertState.class);
        final Severity severity = params.optionalEnum(ctx, "severity", Severity.class);
        final String meterId = params.optionalMeterId(ctx);
        final int limit = params.limit(ctx);
        final Cursor cursor = Cursor.decode(ctx.queryParam(Cursor.PARAMETER), LISTING);
        final String[] after = cursor == null ? new String[] {"", ""}
                : cursor.tiebreak().split(AlertQueries.KEY_SEPARATOR, -1);
        if (after.length != 2) {
            throw new InvalidParameterException(Cursor.PARAMETER, "cursor is not a cursor of this listing");
        }
        ctx.json(Page.of(queries.current(state == null ? ACTIVE : new String[] {state.name()},
                severity == null ? null : severity.name(), meterId, after[0], after[1], limit), limit, LISTING));
    }
}
