package io.meterflow.schema.readmodel;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way to bring a database to the read model's schema: the Flyway migrations of schemas/sql, shipped in
 * this jar at {@value #LOCATION}. The PostgreSQL sink runs it when a task starts, the local stack before it starts
 * the connectors, tests on their throwaway databases.
 *
 * <p>Flyway is an optional dependency of meterflow-schemas: a module that migrates declares {@code flyway-core} and
 * {@code flyway-database-postgresql} itself.
 */
public final class ReadModelMigrations {

    public static final String LOCATION = "classpath:meterflow/db/migration";
    private static final Logger LOG = LoggerFactory.getLogger(ReadModelMigrations.class);

    private ReadModelMigrations() {
    }

    /** Applies the pending migrations; returns how many ran now. */
    public static int migrate(String url, String user, String password) {
        // This jar's own class loader: inside a Connect plugin Flyway must find the migrations and its PostgreSQL
        // support in the plugin, not on the worker's class path.
        final MigrateResult result = Flyway.configure(ReadModelMigrations.class.getClassLoader())
                .dataSource(url, user, password)
                .locations(LOCATION)
                .load()
                .migrate();
        LOG.info("Read-model schema at version {} ({} migrations applied now)", result.targetSchemaVersion,
                result.migrationsExecuted);
        return result.migrationsExecuted;
    }
}
