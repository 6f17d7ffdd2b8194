package io.meterflow.benchmarks.api;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * CPU time used so far by this JVM (the API and the bare endpoint) and by the API's PostgreSQL backends (read from
 * /proc: the database runs on this machine). Taken around a phase it tells the work per request apart from the
 * waiting, which on a shared two-core machine is most of a tail.
 */
record CpuUse(long jvmNanos, long postgresNanos) {

    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ 100 on Linux

    static CpuUse now(String jdbcUrl) {
        final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new CpuUse(os.getProcessCpuTime(), postgresBackends(jdbcUrl));
    }

    private static long postgresBackends(String jdbcUrl) {
        long ticks = 0;
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT pid FROM pg_stat_activity WHERE application_name = 'meterflow-query-api'")) {
            while (rs.next()) {
                final String[] stat = Files.readString(Path.of("/proc", rs.getString(1), "stat")).split("\\) ")[1]
                        .split(" ");
                ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]); // utime, stime
            }
        } catch (SQLException | IOException e) {
            return -1;
        }
        return ticks * NANOS_PER_TICK;
    }

    /** "JVM x µs, PostgreSQL y µs per request" between two readings. */
    static String perRequest(CpuUse before, CpuUse after, int requests) {
        return "CPU per request: API JVM %.0f µs, PostgreSQL %.0f µs".formatted(
                (after.jvmNanos - before.jvmNanos) / 1e3 / requests,
                (after.postgresNanos - before.postgresNanos) / 1e3 / requests);
    }
}
