package io.meterflow.connect.dlms;

import io.meterflow.simulator.FleetInventory;
import io.meterflow.simulator.dlms.DlmsMeterEndpoint;
import io.meterflow.testing.postgres.TestDatabase;
import io.meterflow.schema.readmodel.ReadModelMigrations;

import java.util.List;

/** The meter inventory table of a test database: migrated with the project's Flyway scripts, filled from a fleet. */
final class Inventory {

    private final TestDatabase db;

    private Inventory(TestDatabase db) {
        this.db = db;
    }

    static Inventory migrate(TestDatabase db) {
        ReadModelMigrations.migrate(db.jdbcUrl(), db.user(), db.password());
        return new Inventory(db);
    }

    void upsert(List<DlmsMeterEndpoint> meters) {
        FleetInventory.upsert(db.jdbcUrl(), db.user(), db.password(), meters, List.of());
    }

    void execute(String sql) {
        db.execute(sql);
    }
}
