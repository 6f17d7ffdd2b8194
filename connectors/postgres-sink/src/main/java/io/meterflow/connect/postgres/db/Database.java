package io.meterflow.connect.postgres.db;

import io.meterflow.connect.postgres.config.PostgresSinkConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The one connection a sink task writes through. A task writes one batch at a time, so a pool would add
 * nothing; a broken connection is dropped and opened again on the next attempt.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private final String url;
    private final Properties props = new Properties();
    private Connection connection;

    public Database(PostgresSinkConfig config) {
        this.url = config.connectionUrl();
        props.setProperty("user", config.connectionUser());
        props.setProperty("password", config.connectionPassword().value());
        props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("socketTimeout", "120");
        props.setProperty("ApplicationName", "meterflow-postgres-sink");
        // A batch of N upserts goes out as a few multi-row statements (chunks of up to 128 rows) instead of N: the
        // statement triggers of the read model (meter_document, availability) then run once per chunk, not per row.
        // The writer sends each key once per statement (newest per key), as ON CONFLICT DO UPDATE requires.
        // Measured in docs/benchmarks.md, "End to end". A reWriteBatchedInserts in connection.url takes precedence.
        props.setProperty("reWriteBatchedInserts", "true");
    }

    /** An open connection in manual-commit mode. */
    public Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = DriverManager.getConnection(url, props);
            connection.setAutoCommit(false);
            LOG.info("Connected to {}", url);
        }
        return connection;
    }

    /** Rolls back what the failed attempt did and forgets the connection if it is broken. */
    public void abandon() {
        if (connection == null) {
            return;
        }
        try {
            connection.rollback();
            if (!connection.isValid(2)) {
                close();
            }
        } catch (SQLException e) {
            close();
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing the connection failed: {}", e.getMessage());
            }
            connection = null;
        }
    }
}
