package io.meterflow.bench.e2e;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Reading → read model: every 100 ms, the probe meters' rows in reading_history that became visible (committed by
 * the sink) since the last look (from the oldest of the probes' newest rows, so a lagging sink is followed); each new row's latency is the time it was first seen minus its meter_time (the
 * probe's publication time). Reading history rather than the latest-reading table, so that a reading overtaken by
 * the next one of its meter in the same sink batch still counts. Resolution: the 100 ms poll plus the query.
 */
final class ReadModelProbe implements AutoCloseable {

    private static final long POLL_MS = 100;
    private static final long LOOK_BACK_MS = 60_000;

    final Latencies toReadModel = new Latencies();
    private final Connection connection;
    private final PreparedStatement query;
    private final Map<String, Long> seen = new HashMap<>();
    /** Per probe, the newest collected_at seen: a probe's rows are committed in its order (one key, one partition). */
    private final Map<String, Long> newest = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    ReadModelProbe(String jdbcUrl) throws SQLException {
        connection = DriverManager.getConnection(jdbcUrl + "?ApplicationName=e2e-read-model-probe", "postgres", "");
        query = connection.prepareStatement("""
                SELECT meter_id, meterflow_epoch_ms(meter_time), meterflow_epoch_ms(collected_at) FROM reading_history
                WHERE meter_id = ANY(?) AND collected_at > ?""");
        final String[] probes = new String[MqttLoad.PROBES];
        for (int p = 0; p < probes.length; p++) {
            probes[p] = MqttLoad.PROBE + String.format("%03d", p);
        }
        final Array ids = connection.createArrayOf("text", probes);
        query.setArray(1, ids);
        thread = new Thread(this::run, "e2e-read-model-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            final long started = System.currentTimeMillis();
            try {
                final long since = newest.size() < MqttLoad.PROBES ? started - LOOK_BACK_MS
                        : newest.values().stream().mapToLong(Long::longValue).min().orElse(started) - 5_000;
                query.setTimestamp(2, new Timestamp(since));
                try (ResultSet rs = query.executeQuery()) {
                    final long now = System.currentTimeMillis();
                    while (rs.next()) {
                        final long meterTime = rs.getLong(2);
                        newest.merge(rs.getString(1), rs.getLong(3), Math::max);
                        if (seen.putIfAbsent(rs.getString(1) + "@" + meterTime, meterTime) == null) {
                            toReadModel.add(now - meterTime);
                        }
                    }
                }
                for (Iterator<Long> it = seen.values().iterator(); it.hasNext(); ) {
                    if (it.next() < since - LOOK_BACK_MS) {
                        it.remove();
                    }
                }
            } catch (SQLException e) {
                System.err.println("read model probe: " + e.getMessage());
            }
            final long wait = POLL_MS - (System.currentTimeMillis() - started);
            if (wait > 0) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        thread.interrupt();
        thread.join(5000);
        connection.close();
    }
}
