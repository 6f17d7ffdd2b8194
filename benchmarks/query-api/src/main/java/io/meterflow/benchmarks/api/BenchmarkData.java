package io.meterflow.benchmarks.api;

import io.meterflow.schema.readmodel.ReadModelMigrations;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A throwaway read-model database filled with generate_series: N meters, and one day of minute readings for 100. */
final class BenchmarkData implements AutoCloseable {

    static final String DAY = "2026-03-10T00:00:00Z";
    static final int METERS_WITH_HISTORY = 100;

    private final String server;
    private final String name;

    private BenchmarkData(String server, String name) {
        this.server = server;
        this.name = name;
    }

    static BenchmarkData create(String server, int meters) throws SQLException {
        final BenchmarkData data = new BenchmarkData(server, "mf_bench_" + Long.toHexString(System.nanoTime()));
        data.admin("CREATE DATABASE " + data.name);
        ReadModelMigrations.migrate(data.jdbcUrl(), "postgres", "");
        try (Connection c = DriverManager.getConnection(data.jdbcUrl(), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("SELECT meterflow_ensure_partition('reading_history', '" + DAY + "')");
            // A bulk load: the document triggers would rebuild every meter's document once per table; build them
            // once at the end instead.
            s.execute("SET session_replication_role = replica");
            s.execute("""
                    INSERT INTO meter_latest_reading
                    SELECT 'm-' || lpad(i::text, 6, '0'), 'dlms', '2026-03-10T23:59:00Z', '2026-03-10T23:59:01Z', 40, 'OK',
                           NULL, '[{"obis":"1.0.1.8.0.255","value":12345.6,"unit":"Wh"},
                                  {"obis":"1.0.2.8.0.255","value":78.9,"unit":"Wh"},
                                  {"obis":"1.0.32.7.0.255","value":230.1,"unit":"V"}]'
                    FROM generate_series(1, %1$d) AS i;
                    INSERT INTO meter_latest_rate
                    SELECT 'm-' || lpad(i::text, 6, '0'), obis, '2026-03-10T23:44:00Z', '2026-03-10T23:59:00Z', 25, 'Wh',
                           100, 'W', 'NORMAL'
                    FROM generate_series(1, %1$d) AS i, unnest(ARRAY['1.0.1.8.0.255', '1.0.2.8.0.255']) AS obis;
                    INSERT INTO meter_latest_clock_drift
                    SELECT 'm-' || lpad(i::text, 6, '0'), '2026-03-10T23:59:00Z', i %% 5000, 0.5, 10
                    FROM generate_series(1, %1$d) AS i;
                    INSERT INTO meter_latest_error_stats
                    SELECT 'm-' || lpad(i::text, 6, '0'), 300000, '2026-03-10T23:50:00Z', '2026-03-10T23:55:00Z', 5, 0, 0,
                           '{"OK":5}', 5, 100
                    FROM generate_series(1, %1$d) AS i;
                    INSERT INTO alert_current
                    SELECT 'm-' || lpad(i::text, 6, '0'), 'error-rate', 'FIRING', 'HIGH', '2026-03-10T20:00:00Z',
                           '2026-03-10T20:10:00Z', 20, 5, 2, 'error rate 20 %% above 5 %%'
                    FROM generate_series(1, %1$d, 20) AS i;
                    INSERT INTO reading_history
                    SELECT 'm-' || lpad(m::text, 6, '0'), '%2$s'::timestamptz + (s * interval '1 minute'), 'dlms', NULL, 40,
                           'OK', NULL, '[{"obis":"1.0.1.8.0.255","value":12345.6,"unit":"Wh"},
                                        {"obis":"1.0.32.7.0.255","value":230.1,"unit":"V"}]'
                    FROM generate_series(1, %3$d) AS m, generate_series(0, 1439) AS s;
                    """.formatted(meters, DAY, METERS_WITH_HISTORY));
            s.execute("RESET session_replication_role");
            s.execute("SELECT meterflow_rebuild_meter_documents()");
            // Visibility map and statistics as a long-running database has them (index-only scans, good plans).
            s.execute("VACUUM ANALYZE");
            // The load wrote ~300 MB of WAL and dirty pages: flush them now rather than in a checkpoint that
            // would otherwise spread its writes over the measured phases.
            s.execute("CHECKPOINT");
        }
        return data;
    }

    String jdbcUrl() {
        return server + name;
    }

    @Override
    public void close() throws SQLException {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server + "postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
