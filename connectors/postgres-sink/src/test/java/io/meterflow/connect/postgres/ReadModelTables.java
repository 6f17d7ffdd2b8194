package io.meterflow.connect.postgres;

import io.meterflow.testing.postgres.TestDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the read model's tables for assertions: row counts and a fingerprint of every row. */
public final class ReadModelTables {

    public static final List<String> TABLES = List.of("meter_latest_reading", "meter_latest_rate", "meter_latest_clock_drift",
            "meter_latest_error_stats", "alert_current", "reading_history", "interval_history", "rate_history",
            "clock_drift_history", "error_stats_history", "alert_transition", "meter_document", "clock_sync_history",
            "alert_action_log", "meter_availability_daily", "interval_validated", "interval_validated_history",
            "meter_completeness", "backfill_request");

    private ReadModelTables() {
    }

    public static long count(TestDatabase db, String table) {
        return single(db, "SELECT count(*) FROM " + table);
    }

    public static Map<String, Long> counts(TestDatabase db) {
        final Map<String, Long> counts = new LinkedHashMap<>();
        TABLES.forEach(t -> counts.put(t, count(db, t)));
        return counts;
    }

    /** One md5 per table over all its rows in a stable order: equal fingerprints mean equal contents. */
    public static Map<String, String> fingerprint(TestDatabase db) {
        final Map<String, String> prints = new LinkedHashMap<>();
        for (String table : TABLES) {
            prints.put(table, text(db, "SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM "
                    + table + " t"));
        }
        return prints;
    }

    /** Meters whose stored detail document differs from one built now from the latest-state tables. */
    public static long staleMeterDocuments(TestDatabase db) {
        return single(db, """
                SELECT count(*) FROM meter_latest_reading m LEFT JOIN meter_document d USING (meter_id)
                WHERE d.document::text IS DISTINCT FROM meterflow_meter_document(m.meter_id)::text""");
    }

    public static long single(TestDatabase db, String sql) {
        return Long.parseLong(text(db, sql));
    }

    public static String text(TestDatabase db, String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
