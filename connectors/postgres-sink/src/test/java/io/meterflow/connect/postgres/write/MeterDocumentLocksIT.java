package io.meterflow.connect.postgres.write;

import io.meterflow.connect.postgres.config.TopicKind;
import io.meterflow.schema.readmodel.ReadModelMigrations;
import io.meterflow.connect.postgres.decode.DecodedRecord;
import io.meterflow.schema.Rate;
import io.meterflow.schema.RateKind;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingSource;
import io.meterflow.testing.postgres.PostgresExtension;
import io.meterflow.testing.postgres.TestDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two sink tasks writing one meter at once (its reading from one topic, its rate from another) must leave the
 * meter's stored document equal to one built from the committed tables. Without the per-meter lock the second
 * writer's trigger builds the document from a snapshot that lacks the first writer's reading, and commits it last.
 */
@ExtendWith(PostgresExtension.class)
class MeterDocumentLocksIT {

    private static final String METER = "meter-race";
    private static final long AT = 1_773_144_000_000L; // 2026-03-10T12:00:00Z

    @Test
    void concurrentWritersOfOneMeterLeaveItsDocumentCurrent(TestDatabase db) throws Exception {
        ReadModelMigrations.migrate(db.jdbcUrl(), db.user(), db.password());
        db.execute("""
                INSERT INTO meter_latest_reading VALUES ('%1$s', 'dlms', '2026-03-10T11:00:00Z', NULL, 40, 'OK', NULL, '[]');
                INSERT INTO meter_latest_rate VALUES ('%1$s', '1.0.1.8.0.255', '2026-03-10T10:45:00Z',
                    '2026-03-10T11:00:00Z', 10, 'Wh', 40, 'W', 'NORMAL');""".formatted(METER));
        final Reading reading = Reading.ok(METER, ReadingSource.DLMS, AT, null, 40, List.of());
        final Rate rate = new Rate(METER, "1.0.1.8.0.255", AT - 900_000, AT, 25, "Wh", 100, "W", RateKind.NORMAL);

        try (Connection first = db.connect(); Connection second = db.connect()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            MeterDocumentLocks.lock(first, List.of(new DecodedRecord(null, TopicKind.READINGS, reading)));
            execute(first, "UPDATE meter_latest_reading SET status = 'TIMEOUT', collected_at = '2026-03-10T12:00:00Z'"
                    + " WHERE meter_id = '" + METER + "'");

            final CompletableFuture<Void> secondWriter = CompletableFuture.runAsync(() -> {
                try {
                    MeterDocumentLocks.lock(second, List.of(new DecodedRecord(null, TopicKind.RATES, rate)));
                    execute(second, "UPDATE meter_latest_rate SET rate = 100, to_time = '2026-03-10T12:00:00Z'"
                            + " WHERE meter_id = '" + METER + "'");
                    second.commit();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Awaitility.await("the second writer waiting for the first").atMost(Duration.ofSeconds(30))
                    .until(() -> waitingOnLocks(db) == 1);
            first.commit();
            secondWriter.get(30, TimeUnit.SECONDS);
        }

        final String stored = text(db, "SELECT document::text FROM meter_document WHERE meter_id = '" + METER + "'");
        assertThat(stored).isEqualTo(text(db, "SELECT meterflow_meter_document('" + METER + "')::text"))
                .contains("\"status\" : \"TIMEOUT\"").contains("\"rate\" : 100");
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long waitingOnLocks(TestDatabase db) throws SQLException {
        return Long.parseLong(text(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = 'Lock'"));
    }

    private static String text(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
