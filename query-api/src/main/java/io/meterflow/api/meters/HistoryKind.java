package io.meterflow.api.meters;

import io.meterflow.api.db.ReadModelJson;
import io.meterflow.api.http.InvalidParameterException;
import io.meterflow.api.params.Cursor;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The history listings of one meter, {@code /api/v1/meters/{meterId}/{kind}}, each ordered by its table's primary
 * key after meter_id so that a page is one index range scan. Readings, the long listing, are read as plain columns;
 * the others return {@code item, k1, k2} with the item's JSON built by PostgreSQL ({@link io.meterflow.api.db.PageRow}).
 */
public enum HistoryKind {
    /** Plain columns: {@link ReadingPageWriter} writes the JSON (a meter-day is 1,440 rows). */
    READINGS("readings", """
            SELECT r.source, r.collected_at, r.meter_time, r.latency_ms, r.status, r.error, r.reading_values
            FROM reading_history r
            WHERE r.meter_id = ? AND r.collected_at >= ? AND r.collected_at < ? AND r.collected_at > ?
            ORDER BY r.collected_at
            LIMIT ?""", false),
    RATES("rates", """
            SELECT %s::text AS item, meterflow_epoch_ms(r.to_time) AS k1, r.obis AS k2
            FROM rate_history r
            WHERE r.meter_id = ? AND r.to_time >= ? AND r.to_time < ? AND (r.to_time, r.obis) > (?, ?)
            ORDER BY r.to_time, r.obis
            LIMIT ?""".formatted(ReadModelJson.RATE), true),
    CLOCK_DRIFT("clock-drift", """
            SELECT %s::text AS item, meterflow_epoch_ms(r.at) AS k1, '' AS k2
            FROM clock_drift_history r
            WHERE r.meter_id = ? AND r.at >= ? AND r.at < ? AND r.at > ?
            ORDER BY r.at
            LIMIT ?""".formatted(ReadModelJson.CLOCK_DRIFT), false),
    ERROR_STATS("error-stats", """
            SELECT %s::text AS item, meterflow_epoch_ms(r.window_end) AS k1,
                   meterflow_epoch_ms(r.window_start)::text AS k2
            FROM error_stats_history r
            WHERE r.meter_id = ? AND r.window_end >= ? AND r.window_end < ? AND (r.window_end, r.window_start) > (?, ?)
            ORDER BY r.window_end, r.window_start
            LIMIT ?""".formatted(ReadModelJson.ERROR_STATS), true),
    INTERVALS("intervals", """
            SELECT %s::text AS item, meterflow_epoch_ms(r.captured_at) AS k1, '' AS k2
            FROM interval_history r
            WHERE r.meter_id = ? AND r.captured_at >= ? AND r.captured_at < ? AND r.captured_at > ?
            ORDER BY r.captured_at
            LIMIT ?""".formatted(ReadModelJson.INTERVAL), false),
    /**
     * The intervals with their verdict ({@code view=validated}, the default): the highest validated version where
     * there is one (estimates included, which have no raw row), else the raw row with a null quality. Two index range
     * scans of at most a page each, merged.
     */
    VALIDATED_INTERVALS("intervals", """
            SELECT %s::text AS item, meterflow_epoch_ms(coalesce(v.captured_at, r.captured_at)) AS k1, '' AS k2
            FROM (SELECT * FROM interval_history r
                  WHERE r.meter_id = ? AND r.captured_at >= ? AND r.captured_at < ? AND r.captured_at > ?
                  ORDER BY r.captured_at LIMIT ?) r
            FULL JOIN (SELECT * FROM interval_validated v
                       WHERE v.meter_id = ? AND v.captured_at >= ? AND v.captured_at < ? AND v.captured_at > ?
                       ORDER BY v.captured_at LIMIT ?) v ON v.captured_at = r.captured_at
            ORDER BY coalesce(v.captured_at, r.captured_at)
            LIMIT ?""".formatted(ReadModelJson.VALIDATED_INTERVAL), false),
    /** Every clock synchronisation attempt (the meter-clock-sync audit). */
    CLOCK_SYNC("clock-sync", """
            SELECT %s::text AS item, meterflow_epoch_ms(r.at) AS k1, '' AS k2
            FROM clock_sync_history r
            WHERE r.meter_id = ? AND r.at >= ? AND r.at < ? AND r.at > ?
            ORDER BY r.at
            LIMIT ?""".formatted(ReadModelJson.CLOCK_SYNC), false);

    /** Before every valid time: where a listing starts without a cursor. */
    static final Instant BEFORE_ALL = Instant.ofEpochMilli(-1);

    private final String path;
    private final String sql;
    private final boolean tiebreak;

    HistoryKind(String path, String sql, boolean tiebreak) {
        this.path = path;
        this.sql = sql;
        this.tiebreak = tiebreak;
    }

    public String path() {
        return path;
    }

    public String sql() {
        return sql;
    }

    /** The listing at {@code path}; intervals are the validated view (see {@link #withView}). */
    public static Optional<HistoryKind> ofPath(String path) {
        return Arrays.stream(values()).filter(k -> k.path.equals(path) && k != INTERVALS).findFirst();
    }

    /** The intervals in the view asked for; the other kinds have one view only. */
    HistoryKind withView(IntervalView view) {
        if (!path.equals(INTERVALS.path)) {
            if (view != null) {
                throw new InvalidParameterException(IntervalView.PARAMETER, "view applies to intervals only, not to "
                        + path);
            }
            return this;
        }
        return view == IntervalView.RAW ? INTERVALS : VALIDATED_INTERVALS;
    }

    /** The statement's parameters, in order: the page's range and position, and the rows to read (limit + 1). */
    Object[] params(String meterId, Instant from, Instant to, Object cursorTime, Object cursorTiebreak, int rows) {
        if (tiebreak) {
            return new Object[] {meterId, from, to, cursorTime, cursorTiebreak, rows};
        }
        if (this == VALIDATED_INTERVALS) {
            return new Object[] {meterId, from, to, cursorTime, rows, meterId, from, to, cursorTime, rows, rows};
        }
        return new Object[] {meterId, from, to, cursorTime, rows};
    }

    /** The cursor's tiebreak as the SQL parameter it stands for. */
    Object tiebreakParam(Cursor cursor) {
        if (this != ERROR_STATS) {
            return cursor == null ? "" : cursor.tiebreak();
        }
        if (cursor == null) {
            return BEFORE_ALL;
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(cursor.tiebreak()));
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(Cursor.PARAMETER, "cursor is not a cursor of this listing");
        }
    }
}
