package io.meterflow.api.meters;

import io.meterflow.api.db.ReadModelJson;
import io.meterflow.api.db.PageRow;
import io.meterflow.api.db.Sql;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The meter queries, each one statement served by a primary-key index (see QueryPlanIT). */
public final class MeterQueries {

    public static final String LIST = """
            SELECT json_build_object('meterId', r.meter_id, 'source', r.source,
                       'lastReadingAt', meterflow_epoch_ms(r.collected_at), 'lastStatus', r.status)::text AS item,
                   0 AS k1, r.meter_id AS k2
            FROM meter_latest_reading r
            WHERE r.meter_id > ?
            ORDER BY r.meter_id
            LIMIT ?""";

    // One round trip per meter detail: PostgreSQL assembles the whole document.
    public static final String DETAIL = """
            SELECT json_build_object('meterId', m.meter_id, 'latestReading', %s,
                'rates', coalesce((SELECT json_agg(%s ORDER BY r.obis)
                    FROM meter_latest_rate r WHERE r.meter_id = m.meter_id), '[]'::json),
                'clockDrift', (SELECT %s FROM meter_latest_clock_drift r WHERE r.meter_id = m.meter_id),
                'errorStats', coalesce((SELECT json_agg(%s ORDER BY r.window_ms)
                    FROM meter_latest_error_stats r WHERE r.meter_id = m.meter_id), '[]'::json),
                'activeAlerts', coalesce((SELECT json_agg(%s ORDER BY r.rule)
                    FROM alert_current r WHERE r.meter_id = m.meter_id AND r.state <> 'RESOLVED'), '[]'::json)
            )::text
            FROM meter_latest_reading m, LATERAL (SELECT m.*) r
            WHERE m.meter_id = ?""".formatted(ReadModelJson.READING, ReadModelJson.RATE, ReadModelJson.CLOCK_DRIFT,
            ReadModelJson.ERROR_STATS, ReadModelJson.ALERT);

    static final String EXISTS = "SELECT 'yes' FROM meter_latest_reading WHERE meter_id = ?";

    private final Sql sql;

    public MeterQueries(Sql sql) {
        this.sql = sql;
    }

    public List<PageRow> list(String afterMeterId, int limit) throws SQLException {
        return sql.query(LIST, PageRow::of, afterMeterId, limit + 1);
    }

    /** The meter's document, or null for an unknown meter. */
    public String detail(String meterId) throws SQLException {
        return sql.text(DETAIL, meterId);
    }

    public boolean exists(String meterId) throws SQLException {
        return sql.text(EXISTS, meterId) != null;
    }

    public List<PageRow> history(HistoryKind kind, String meterId, Instant from, Instant to, Object cursorTime,
                                 Object cursorTiebreak, int limit) throws SQLException {
        return kind.hasTiebreak()
                ? sql.query(kind.sql(), PageRow::of, meterId, from, to, cursorTime, cursorTiebreak, limit + 1)
                : sql.query(kind.sql(), PageRow::of, meterId, from, to, cursorTime, limit + 1);
    }
}
