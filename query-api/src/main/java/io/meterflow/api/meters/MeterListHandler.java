package io.meterflow.api.meters;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.meterflow.api.http.Page;
import io.meterflow.api.params.Cursor;
import io.meterflow.api.params.RequestParams;

/** GET /api/v1/meters: every meter that has sent a reading, by meter id, in pages. */
public final class MeterListHandler implements Handler {

    private static final String LISTING = "meters";
    private final MeterQueries queries;
    private final RequestParams params;

    public MeterListHandler(MeterQueries queries, RequestParams params) {
        this.queries = queries;
        this.params = params;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        final int limit = params.limit(ctx);
        final Cursor cursor = Cursor.decode(ctx.queryParam(Cursor.PARAMETER), LISTING);
        ctx.json(Page.of(queries.list(cursor == null ? "" : cursor.tiebreak(), limit), limit, LISTING));
    }
}
