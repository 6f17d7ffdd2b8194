package io.meterflow.api.completeness;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.meterflow.api.db.Sql;
import io.meterflow.api.http.NotFoundException;
import io.meterflow.api.meters.MeterQueries;
import io.meterflow.api.params.RequestParams;
import io.meterflow.api.params.TimeRange;

/**
 * GET /api/v1/meters/{meterId}/completeness?from&to: the completeness ledger of one meter per UTC day touched by
 * [from, to) (the days the ledger wrote): expected, received, estimated and missing intervals, and every gap with its
 * state and the latest re-read of it (attempt, outcome, why it failed).
 */
public final class MeterCompletenessHandler implements Handler {

    // A gap's re-read: the newest request of the meter whose range overlaps the gap (a range can be split when parts
    // recover separately, so the request's range may be wider than the gap).
    public static final String DAYS = """
            SELECT json_build_object('meterId', ?::text, 'from', ?::bigint, 'to', ?::bigint,
                'days', coalesce(json_agg(json_build_object('day', c.day,
                    'capturePeriodSeconds', c.capture_period_seconds, 'expected', c.expected, 'received', c.received,
                    'estimated', c.estimated, 'missing', c.missing,
                    'complete', c.missing = 0 AND c.received + c.estimated >= c.expected,
                    'share', CASE WHEN c.expected = 0 THEN NULL
                                  ELSE least(1.0, (c.received + c.estimated)::double precision / c.expected) END,
                    'updatedAt', meterflow_epoch_ms(c.updated_at),
                    'gaps', (SELECT coalesce(json_agg(json_build_object('from', (g ->> 'from')::bigint,
                                 'to', (g ->> 'to')::bigint, 'intervals', (g ->> 'intervals')::int, 'state', g ->> 'state',
                                 'attempts', (g ->> 'attempts')::int, 'since', (g ->> 'since')::bigint,
                                 'backfill', (SELECT json_build_object('requestId', b.request_id, 'reason', b.reason,
                                         'attempt', b.attempt, 'requestedAt', meterflow_epoch_ms(b.requested_at),
                                         'result', b.result, 'outcomeAttempt', b.outcome_attempt,
                                         'rowsRead', b.rows_read, 'bufferStart', meterflow_epoch_ms(b.buffer_start),
                                         'outcomeAt', meterflow_epoch_ms(b.outcome_at), 'error', b.error)
                                     FROM backfill_request b
                                     WHERE b.meter_id = c.meter_id
                                       AND b.from_time <= to_timestamp((g ->> 'to')::bigint / 1000.0)
                                       AND b.to_time >= to_timestamp((g ->> 'from')::bigint / 1000.0)
                                     ORDER BY greatest(b.outcome_at, b.requested_at) DESC, b.request_id
                                     LIMIT 1)) ORDER BY (g ->> 'from')::bigint), '[]'::json)
                             FROM jsonb_array_elements(c.gaps) g)) ORDER BY c.day), '[]'::json))::text,
                   count(*)
            FROM meter_completeness c
            WHERE c.meter_id = ? AND c.day >= ?::date AND c.day <= ?::date""";

    private final Sql sql;
    private final MeterQueries meters;
    private final RequestParams params;

    public MeterCompletenessHandler(Sql sql, MeterQueries meters, RequestParams params) {
        this.sql = sql;
        this.meters = meters;
        this.params = params;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        final String meterId = params.meterId(ctx);
        final TimeRange range = params.range(ctx);
        final Days days = sql.query(DAYS, rs -> new Days(rs.getString(1), rs.getInt(2)), meterId,
                range.from().toEpochMilli(), range.to().toEpochMilli(), meterId, range.firstDay(), range.lastDay())
                .get(0);
        // A meter the ledger has not written for yet is known by its readings; anything else is unknown.
        if (days.count() == 0 && !meters.exists(meterId)) {
            throw new NotFoundException("No meter '" + meterId + "' in the read model");
        }
        ctx.contentType("application/json").result(days.json());
    }

    private record Days(String json, int count) {
    }
}
