package io.meterflow.local;

import io.meterflow.schema.readmodel.ReadModelMigrations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The local stack's read-model database on the local PostgreSQL server: created when missing (dropped first
 * with {@code --fresh}) and migrated with the Flyway migrations in {@code schemas/sql}, so the DLMS
 * connector's inventory table exists before the simulator fills it. The superuser ({@code --db-user}) only sets
 * up: every component connects with its own role ({@link LocalRoles}).
 */
final class LocalDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(LocalDatabase.class);

    private LocalDatabase() {
    }

    static void prepare(LocalStackOptions options) {
        final String admin = "jdbc:postgresql://" + options.dbHostPort() + "/postgres";
        try (Connection c = DriverManager.getConnection(admin, options.dbUser(), "")) {
            if (options.fresh()) {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + options.dbName() + " WITH (FORCE)");
                }
            }
            if (!exists(c, options.dbName())) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + options.dbName());
                }
                LOG.info("Created database {}", options.dbName());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + options.dbHostPort() + " (user " + options.dbUser()
                    + ") is not usable: " + e.getMessage() + " — the local stack needs a local PostgreSQL, see README", e);
        }
        // The superuser sets up the roles; the sink's role applies the migrations, as the sink does in compose.
        try (Connection c = DriverManager.getConnection(options.jdbcUrl(), options.dbUser(), "")) {
            LocalRoles.prepare(c, options.dbName());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot set up the database roles of " + options.dbName() + ": "
                    + e.getMessage(), e);
        }
        final int applied = ReadModelMigrations.migrate(options.jdbcUrl(), LocalRoles.SINK, "");
        LOG.info("Database {} is at the latest schema ({} migrations applied now)", options.dbName(), applied);
    }

    private static boolean exists(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
