package io.meterflow.api.availability;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.meterflow.api.db.Sql;
import io.meterflow.api.http.NotFoundException;
import io.meterflow.api.meters.MeterQueries;
import io.meterflow.api.params.RequestParams;
import io.meterflow.api.params.TimeRange;

import java.time.Clock;

/**
 * GET /api/v1/meters/{meterId}/availability?from&to: per UTC day touched by [from, to), the readings expected (from
 * the meter's interval in meter_inventory; up to now for today), received, received OK and the share OK / expected.
 */
public final class AvailabilityHandler implements Handler {

    static final String DAYS = """
            SELECT json_build_object('meterId', ?::text, 'expectedIntervalMs', meterflow_expected_interval_ms(?),
                'days', coalesce(json_agg(json_build_object('day', a.day, 'expected', a.expected,
                    'received', a.received, 'receivedOk', a.received_ok, 'share', a.share) ORDER BY a.day), '[]'::json))::text
            FROM meterflow_meter_availability(?, ?::date, ?::date, ?) a""";

    private final Sql sql;
    private final MeterQueries meters;
    private final RequestParams params;
    private final Clock clock;

    public AvailabilityHandler(Sql sql, MeterQueries meters, RequestParams params, Clock clock) {
        this.sql = sql;
        this.meters = meters;
        this.params = params;
        this.clock = clock;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        final String meterId = params.meterId(ctx);
        final TimeRange range = params.range(ctx);
        if (!meters.exists(meterId)) {
            throw new NotFoundException("No meter '" + meterId + "' in the read model");
        }
        ctx.contentType("application/json").result(sql.text(DAYS, meterId, meterId, meterId, range.firstDay(),
                range.lastDay(), clock.instant()));
    }
}
