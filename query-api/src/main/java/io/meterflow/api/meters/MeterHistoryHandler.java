package io.meterflow.api.meters;

import com.fasterxml.jackson.databind.util.RawValue;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.meterflow.api.db.PageRow;
import io.meterflow.api.http.NotFoundException;
import io.meterflow.api.http.Page;
import io.meterflow.api.params.Cursor;
import io.meterflow.api.params.RequestParams;
import io.meterflow.api.params.TimeRange;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * GET /api/v1/meters/{meterId}/{kind}?from&to&limit&cursor: one meter's history of one kind, oldest first; intervals
 * also take {@code view=validated|raw}.
 */
public final class MeterHistoryHandler implements Handler {

    private final MeterQueries queries;
    private final RequestParams params;

    public MeterHistoryHandler(MeterQueries queries, RequestParams params) {
        this.queries = queries;
        this.params = params;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        final String meterId = params.meterId(ctx);
        final HistoryKind kind = HistoryKind.ofPath(ctx.pathParam("kind")).orElseThrow(() -> new NotFoundException(
                "No history '" + ctx.pathParam("kind") + "'; there are readings, rates, clock-drift, "
                        + "error-stats, intervals and clock-sync"))
                .withView(params.optionalEnum(ctx, IntervalView.PARAMETER, IntervalView.class));
        final TimeRange range = params.range(ctx);
        final int limit = params.limit(ctx);
        final String listing = kind.path() + ":" + meterId;
        final Cursor cursor = Cursor.decode(ctx.queryParam(Cursor.PARAMETER), listing);
        final Instant after = cursor == null ? HistoryKind.BEFORE_ALL : Instant.ofEpochMilli(cursor.time());
        if (kind == HistoryKind.READINGS) {
            final ReadingPageWriter page = queries.readings(meterId, range.from(), range.to(), after, limit);
            if (page.isEmpty()) {
                requireMeter(meterId);
            }
            ctx.contentType(ContentType.APPLICATION_JSON).result(page.finish(listing));
            return;
        }
        final List<PageRow> rows = queries.history(kind, meterId, range.from(), range.to(), after,
                kind.tiebreakParam(cursor), limit);
        if (rows.isEmpty()) {
            requireMeter(meterId);
        }
        final Page page = Page.of(rows, limit, listing);
        ctx.json(new HistoryPage(meterId, kind.path(), range.from().toEpochMilli(), range.to().toEpochMilli(),
                page.items(), page.nextCursor()));
    }

    /** An empty page of a meter that exists, or a 404. */
    private void requireMeter(String meterId) throws SQLException {
        if (!queries.exists(meterId)) {
            throw new NotFoundException("No meter '" + meterId + "' in the read model");
        }
    }

    /** A page of history with the range it covers. */
    record HistoryPage(String meterId, String kind, long from, long to, List<RawValue> items, String nextCursor) {
    }
}
