package io.meterflow.connect.postgres.db;

import io.meterflow.connect.postgres.config.PostgresSinkConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the read model's Flyway migrations (shipped in meterflow-schemas at meterflow/db/migration). */
public final class Migrations {

    public static final String LOCATION = "classpath:meterflow/db/migration";
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    public static void migrate(PostgresSinkConfig config) {
        migrate(config.connectionUrl(), config.connectionUser(), config.connectionPassword().value());
    }

    public static void migrate(String url, String user, String password) {
        // The plugin's own class loader: Flyway must find the migrations and its PostgreSQL support inside the plugin.
        final MigrateResult result = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(url, user, password)
                .locations(LOCATION)
                .load()
                .migrate();
        LOG.info("Read-model schema at version {} ({} migrations applied now)", result.targetSchemaVersion,
                result.migrationsExecuted);
    }
}
