package io.meterflow.connect.postgres.write;

import io.meterflow.schema.readmodel.ReadModelMigrations;
import io.meterflow.testing.postgres.PostgresExtension;
import io.meterflow.testing.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention against real PostgreSQL: whole daily partitions older than the retention go, younger ones stay. */
@ExtendWith(PostgresExtension.class)
class HistoryPartitionsIT {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(30);

    @Test
    void dropsThePartitionsThatEndedBeforeTheRetentionAndKeepsTheRest(TestDatabase db) throws SQLException {
        ReadModelMigrations.migrate(db.jdbcUrl(), db.user(), db.password());
        final HistoryPartitions partitions = new HistoryPartitions();
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            for (String day : List.of("2026-01-30", "2026-02-07", "2026-02-08", "2026-03-09")) {
                final long at = Instant.parse(day + "T23:59:59Z").toEpochMilli();
                partitions.ensure(c, "reading_history", at);
                partitions.ensure(c, "alert_transition", at);
            }
            c.commit();
            partitions.committed();

            // Cutoff: 2026-02-08T00:00Z, the start of the day 30 days back; the partition ending there goes too.
            assertThat(partitions.dropExpired(c, NOW, RETENTION)).isEqualTo(4);

            assertThat(partitionsOf(c, "reading_history"))
                    .containsExactly("reading_history_p20260208", "reading_history_p20260309");
            assertThat(partitionsOf(c, "alert_transition"))
                    .containsExactly("alert_transition_p20260208", "alert_transition_p20260309");
            assertThat(partitions.dropExpired(c, NOW, RETENTION)).as("nothing left to drop").isZero();
        }
    }

    private static List<String> partitionsOf(Connection c, String table) throws SQLException {
        final List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT child.relname FROM pg_inherits i
                JOIN pg_class child ON child.oid = i.inhrelid JOIN pg_class parent ON parent.oid = i.inhparent
                WHERE parent.relname = '%s' ORDER BY child.relname""".formatted(table))) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        c.rollback();
        return names;
    }
}
