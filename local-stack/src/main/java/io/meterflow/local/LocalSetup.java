package io.meterflow.local;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The local stack's set-up steps for a pipeline that runs as separate processes (the fault suite,
 * {@code io.meterflow.local.chaos}): the topics, a read-model database with the components' roles, the plugin
 * directories. The same steps {@link LocalStack} takes for its one JVM.
 */
public final class LocalSetup {

    private LocalSetup() {
    }

    /** Creates every MeterFlow topic (and the sink's dead-letter topic) that is missing. */
    public static List<String> topics(String bootstrapServers) {
        return TopicProvisioner.ensureTopics(bootstrapServers, List.of("meter-read-model-dlq"));
    }

    /**
     * A new, migrated database {@code dbName} on the PostgreSQL server at {@code hostPort} (superuser postgres,
     * trusted locally), with the components' roles granted on it.
     */
    public static void database(String hostPort, String dbName) {
        LocalDatabase.prepare(new LocalStackOptions(Path.of("."), Path.of("."), 0, 0, 0, 0, true, hostPort, dbName,
                "postgres", "", Path.of("."), false, 0));
    }

    /** Drops a database {@link #database} made, on the local server. */
    public static void dropDatabase(String dbName) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop database " + dbName + ": " + e.getMessage(), e);
        }
    }

    /** The built connector plugins under {@code home}. */
    public static List<Path> pluginDirectories(Path home) {
        return PluginDirectories.find(home);
    }
}
