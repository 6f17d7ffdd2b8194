package io.meterflow.connect.dlms;

import io.meterflow.simulator.dlms.DlmsMeterEndpoint;
import io.meterflow.testing.postgres.TestDatabase;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/** The meter inventory table of a test database: migrated with the project's Flyway scripts, filled from a fleet. */
final class Inventory {

    private final TestDatabase db;

    private Inventory(TestDatabase db) {
        this.db = db;
    }

    static Inventory migrate(TestDatabase db) {
        Flyway.configure().dataSource(db.dataSource()).locations("classpath:meterflow/db/migration").load().migrate();
        return new Inventory(db);
    }

    void upsert(Collection<DlmsMeterEndpoint> meters) {
        final String sql = """
                INSERT INTO meter_inventory (meter_id, protocol, host, port, logical_device_id, client_id,
                    auth_mechanism, password, authentication_key, encryption_key, updated_at)
                VALUES (?, 'dlms', ?, ?, ?, ?, ?, ?, ?, ?, now())
                ON CONFLICT (meter_id) DO UPDATE SET host = EXCLUDED.host, port = EXCLUDED.port,
                    logical_device_id = EXCLUDED.logical_device_id, client_id = EXCLUDED.client_id,
                    auth_mechanism = EXCLUDED.auth_mechanism, password = EXCLUDED.password,
                    authentication_key = EXCLUDED.authentication_key, encryption_key = EXCLUDED.encryption_key,
                    enabled = TRUE, updated_at = now()
                """;
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (DlmsMeterEndpoint m : meters) {
                s.setString(1, m.meterId());
                s.setString(2, m.host());
                s.setInt(3, m.port());
                s.setInt(4, m.logicalDeviceId());
                s.setInt(5, m.clientId());
                s.setString(6, m.auth().mechanism().name());
                s.setString(7, m.auth().password());
                s.setString(8, m.auth().authenticationKey());
                s.setString(9, m.auth().encryptionKey());
                s.addBatch();
            }
            s.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot fill the inventory: " + e.getMessage(), e);
        }
    }

    void execute(String sql) {
        db.execute(sql);
    }
}
