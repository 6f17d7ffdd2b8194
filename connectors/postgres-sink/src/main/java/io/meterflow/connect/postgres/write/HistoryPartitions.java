package io.meterflow.connect.postgres.write;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;

/**
 * Creates the daily partitions history rows need and drops the expired ones, through the SQL functions of the
 * migration. Remembers which partitions exist so a batch costs no extra round trip once its day exists.
 */
public final class HistoryPartitions {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryPartitions.class);
    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    private final Set<String> known = new HashSet<>();
    private final Set<String> pending = new HashSet<>();

    /** Makes sure the partition of {@code table} holding {@code epochMillis} exists, inside the caller's transaction. */
    void ensure(Connection c, String table, long epochMillis) throws SQLException {
        final String key = table + "/" + Math.floorDiv(epochMillis, DAY_MS);
        if (known.contains(key) || pending.contains(key)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT meterflow_ensure_partition(?::regclass, ?)")) {
            ps.setString(1, table);
            ps.setObject(2, Statements.timestamp(epochMillis));
            ps.execute();
        }
        pending.add(key);
    }

    /** The transaction committed: the partitions it created exist. */
    public void committed() {
        known.addAll(pending);
        pending.clear();
    }

    /** The transaction rolled back, and with it the partitions it created. */
    public void rolledBack() {
        pending.clear();
    }

    /** Drops every history partition that ended before {@code now - retention}; commits. */
    public int dropExpired(Connection c, Instant now, Duration retention) throws SQLException {
        final Instant cutoff = now.minus(retention).truncatedTo(ChronoUnit.DAYS);
        int dropped = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT meterflow_drop_partitions_before(?::regclass, ?)")) {
            for (String table : ReadModelTables.HISTORY_TABLES) {
                ps.setString(1, table);
                ps.setObject(2, Statements.timestamp(cutoff.toEpochMilli()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    dropped += rs.getInt(1);
                }
            }
        }
        c.commit();
        known.clear();
        if (dropped > 0) {
            LOG.info("Dropped {} history partitions that ended before {}", dropped, cutoff);
        }
        return dropped;
    }
}
