package io.meterflow.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time and RSS of processes from /proc: the pipeline's children by pid, this JVM (the load generator and the
 * probes), and the PostgreSQL backends serving the run's database, grouped by application name (CPU only: a
 * backend's RSS is mostly the server's shared buffers).
 */
final class ProcessStats {

    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ 100

    /** One process (or group of backends) at one moment. */
    record Usage(long cpuNanos, long rssBytes) {
    }

    private ProcessStats() {
    }

    static Map<String, Usage> sample(Map<String, Long> pids, String jdbcUrl, String dbName) {
        final Map<String, Usage> all = new LinkedHashMap<>();
        pids.forEach((name, pid) -> all.put(name, of(pid)));
        all.put("harness (MQTT load + probes)", of(ProcessHandle.current().pid()));
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement s = c.prepareStatement("""
                     SELECT pid, coalesce(nullif(application_name, ''), usename::text) FROM pg_stat_activity
                     WHERE datname = ? AND pid <> pg_backend_pid()""")) {
            s.setString(1, dbName);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    final Usage u = of(rs.getLong(1));
                    all.merge("postgres: " + rs.getString(2), new Usage(u.cpuNanos(), 0),
                            (a, b) -> new Usage(a.cpuNanos() + b.cpuNanos(), 0));
                }
            }
        } catch (SQLException e) {
            System.err.println("pg_stat_activity: " + e.getMessage());
        }
        return all;
    }

    static Usage of(long pid) {
        try {
            final String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            final String[] f = stat.substring(stat.lastIndexOf(") ") + 2).split(" ");
            final long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
            long rssKb = 0;
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rssKb = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return new Usage(ticks * NANOS_PER_TICK, rssKb * 1024);
        } catch (IOException | RuntimeException e) {
            return new Usage(0, 0);
        }
    }

    /** The 1-, 5- and 15-minute load averages. */
    static String loadAverage() {
        try {
            final String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
