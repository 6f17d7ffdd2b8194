package io.meterflow.testing.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The PostgreSQL server tests make databases on: the local server (default; host, port and user from
 * {@code meterflow.test.postgres.host/port/user/password}, defaults 127.0.0.1:5432 postgres with trust
 * auth) or, with {@code -Dmeterflow.test.postgres=testcontainers} and Docker, a container.
 */
final class PostgresServer implements AutoCloseable {

    static final String PROPERTY = "meterflow.test.postgres";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final AutoCloseable stopper;

    private PostgresServer(String host, int port, String user, String password, AutoCloseable stopper) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.stopper = stopper;
    }

    static PostgresServer chosen() {
        final String mode = System.getProperty(PROPERTY, "local").trim().toLowerCase(Locale.ROOT);
        if ("testcontainers".equals(mode) && dockerAvailable()) {
            final PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
            container.start();
            return new PostgresServer(container.getHost(), container.getFirstMappedPort(), container.getUsername(),
                    container.getPassword(), container::stop);
        }
        if ("testcontainers".equals(mode)) {
            LOG.warn("{}=testcontainers but no Docker engine answers; using the local PostgreSQL server", PROPERTY);
        } else if (!"local".equals(mode)) {
            throw new IllegalArgumentException(PROPERTY + " must be 'local' or 'testcontainers', not '" + mode + "'");
        }
        return new PostgresServer(
                System.getProperty(PROPERTY + ".host", "127.0.0.1"),
                Integer.getInteger(PROPERTY + ".port", 5432),
                System.getProperty(PROPERTY + ".user", "postgres"),
                System.getProperty(PROPERTY + ".password", ""),
                () -> { });
    }

    /** Creates a new, empty database whose name starts with the given label. */
    TestDatabase createDatabase(String label) {
        final String name = ("mf_" + label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_"))
                .substring(0, Math.min(40, label.length() + 3)) + "_" + HexFormat.of().formatHex(randomBytes());
        admin("CREATE DATABASE " + name);
        return new TestDatabase(host, port, name, user, password);
    }

    void dropDatabase(TestDatabase database) {
        admin("DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
    }

    private void admin(String sql) {
        final String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + host + ":" + port + " as " + user + " refused '" + sql
                    + "': " + e.getMessage() + " (is the server running? see README, Prerequisites)", e);
        }
    }

    private static byte[] randomBytes() {
        final byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        stopper.close();
    }
}
