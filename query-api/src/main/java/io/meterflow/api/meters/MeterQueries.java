package io.meterflow.api.meters;

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

    static final String EXISTS = "SELECT 'yes' FROM meter_latest_reading WHERE meter_id = ?";

    private final Sql sql;

    public MeterQueries(Sql sql) {
        this.sql = sql;
    }

    public List<PageRow> list(String afterMeterId, int limit) throws SQLException {
        return sql.query(LIST, PageRow::of, afterMeterId, limit + 1);
    }

    public boolean exists(String meterId) throws SQLException {
        return sql.text(EXISTS, meterId) != null;
    }

    /** One page of readings, written as JSON while the rows are read (finish it with the page's cursor). */
    ReadingPageWriter readings(String meterId, Instant from, Instant to, Instant after, int limit)
            throws SQLException {
        final ReadingPageWriter page = new ReadingPageWriter(meterId, from.toEpochMilli(), to.toEpochMilli(), limit);
        sql.query(HistoryKind.READINGS.sql(), page, meterId, from, to, after, limit + 1);
        return page;
    }

    /** Any listing but readings (see {@link #readings}). */
    public List<PageRow> history(HistoryKind kind, String meterId, Instant from, Instant to, Object cursorTime,
                                 Object cursorTiebreak, int limit) throws SQLException {
        return sql.query(kind.sql(), PageRow::of, kind.params(meterId, from, to, cursorTime, cursorTiebreak, limit + 1));
    }
}
