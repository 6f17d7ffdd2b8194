package io.meterflow.api.fleet;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.meterflow.api.db.Sql;

import java.time.Clock;
import java.time.Duration;

/** GET /api/v1/fleet/summary: meters by last status, stale meters, active alerts, the fleet's error windows. */
public final class FleetSummaryHandler implements Handler {

    static final String SUMMARY = """
            SELECT json_build_object(
                'meters', (SELECT count(*) FROM meter_latest_reading),
                'metersByStatus', coalesce((SELECT json_object_agg(s.status, s.n)
                    FROM (SELECT status, count(*) AS n FROM meter_latest_reading GROUP BY status) s), '{}'::json),
                'staleMeters', (SELECT count(*) FROM meter_latest_reading WHERE collected_at < ?),
                'newestReadingAt', (SELECT meterflow_epoch_ms(max(collected_at)) FROM meter_latest_reading),
                'activeAlertsByState', coalesce((SELECT json_object_agg(a.state, a.n)
                    FROM (SELECT state, count(*) AS n FROM alert_current WHERE state <> 'RESOLVED' GROUP BY state) a),
                    '{}'::json),
                'activeAlertsBySeverity', coalesce((SELECT json_object_agg(a.severity, a.n)
                    FROM (SELECT severity, count(*) AS n FROM alert_current WHERE state <> 'RESOLVED'
                          GROUP BY severity) a), '{}'::json),
                'fleetErrorStats', coalesce((SELECT json_agg(json_build_object('windowMs', e.window_ms,
                        'windowStart', meterflow_epoch_ms(e.window_start), 'windowEnd', meterflow_epoch_ms(e.window_end),
                        'total', e.total, 'failed', e.failed, 'errorPct', e.error_pct, 'byStatus', e.by_status)
                        ORDER BY e.window_ms)
                    FROM meter_latest_error_stats e WHERE e.meter_id = '*'), '[]'::json)
            )::text""";

    private final Sql sql;
    private final Clock clock;
    private final Duration staleAfter;

    public FleetSummaryHandler(Sql sql, Clock clock, Duration staleAfter) {
        this.sql = sql;
        this.clock = clock;
        this.staleAfter = staleAfter;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        ctx.contentType("application/json").result(sql.text(SUMMARY, clock.instant().minus(staleAfter)));
    }
}
