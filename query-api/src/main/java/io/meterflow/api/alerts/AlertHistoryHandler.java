package io.meterflow.api.alerts;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.meterflow.api.http.InvalidParameterException;
import io.meterflow.api.http.Page;
import io.meterflow.api.params.Cursor;
import io.meterflow.api.params.RequestParams;
import io.meterflow.api.params.TimeRange;

import java.time.Instant;

/** GET /api/v1/alerts/history?meterId&from&to: alert transitions in a time range, oldest first. */
public final class AlertHistoryHandler implements Handler {

    private final AlertQueries queries;
    private final RequestParams params;

    public AlertHistoryHandler(AlertQueries queries, RequestParams params) {
        this.queries = queries;
        this.params = params;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        final String meterId = params.optionalMeterId(ctx);
        final TimeRange range = params.range(ctx);
        final int limit = params.limit(ctx);
        final String listing = "alert-history:" + (meterId == null ? "*all*" : meterId);
        final Cursor cursor = Cursor.decode(ctx.queryParam(Cursor.PARAMETER), listing);
        final String[] after = cursor == null ? new String[] {"", "", ""}
                : cursor.tiebreak().split(AlertQueries.KEY_SEPARATOR, -1);
        if (after.length != 3) {
            throw new InvalidParameterException(Cursor.PARAMETER, "cursor is not a cursor of this listing");
        }
        final Instant afterAt = cursor == null ? Instant.ofEpochMilli(-1) : Instant.ofEpochMilli(cursor.time());
        ctx.json(Page.of(queries.history(range.from(), range.to(), meterId, afterAt, after, limit), limit, listing));
    }
}
