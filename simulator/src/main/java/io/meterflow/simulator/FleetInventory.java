package io.meterflow.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.meterflow.simulator.dlms.DlmsMeterEndpoint;
import io.meterflow.simulator.dlms.push.PushIdentity;
import io.meterflow.simulator.scenario.Authentication;
import io.meterflow.simulator.scenario.MeterSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes where the simulated meters are: as a JSON file, and/or as rows of the meter_inventory table
 * (schemas/sql/V1__meter_inventory.sql, with the transport columns of V4_5) that the DLMS source connector reads.
 */
public final class FleetInventory {

    private FleetInventory() {
    }

    /** Writes {@code {"startMs": .., "dlms": [endpoint...], "mqtt": [{meterId, publishIntervalMs}...]}} atomically. */
    public static void writeJson(Path file, long startMs, List<DlmsMeterEndpoint> dlms, List<MeterSpec> mqtt) {
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("startMs", startMs);
        doc.put("dlms", dlms);
        doc.put("mqtt", mqtt.stream().map(m -> Map.of("meterId", m.meterId(),
                "publishIntervalMs", m.behaviour().publishInterval().toMillis())).toList());
        try {
            final Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            final Path tmp = Files.createTempFile(parent, "inventory", ".json");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), doc);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the inventory file " + file, e);
        }
    }

    /** Inserts or updates every meter of the fleet (enabled, current address) in meter_inventory. */
    public static void upsert(String jdbcUrl, String user, String password, List<DlmsMeterEndpoint> dlms,
                              List<MeterSpec> mqtt) {
        final String sql = """
                INSERT INTO meter_inventory (meter_id, protocol, host, port, logical_device_id, client_id,
                    auth_mechanism, password, authentication_key, encryption_key, expected_interval_ms,
                    invocation_counter_obis, transport, hdlc_physical_address, enabled, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, now())
                ON CONFLICT (meter_id) DO UPDATE SET protocol = EXCLUDED.protocol, host = EXCLUDED.host,
                    port = EXCLUDED.port, logical_device_id = EXCLUDED.logical_device_id,
                    client_id = EXCLUDED.client_id, auth_mechanism = EXCLUDED.auth_mechanism,
                    password = EXCLUDED.password, authentication_key = EXCLUDED.authentication_key,
                    encryption_key = EXCLUDED.encryption_key, expected_interval_ms = EXCLUDED.expected_interval_ms,
                    invocation_counter_obis = EXCLUDED.invocation_counter_obis, transport = EXCLUDED.transport,
                    hdlc_physical_address = EXCLUDED.hdlc_physical_address, enabled = TRUE, updated_at = now()
                """;
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement s = c.prepareStatement(sql)) {
            for (DlmsMeterEndpoint m : dlms) {
                s.setString(1, m.meterId());
                s.setString(2, "dlms");
                s.setString(3, m.host());
                s.setInt(4, m.port());
                s.setInt(5, m.logicalDeviceId());
                s.setInt(6, m.clientId());
                s.setString(7, m.auth().mechanism().name());
                s.setString(8, m.auth().password());
                s.setString(9, m.auth().authenticationKey());
                s.setString(10, m.auth().encryptionKey());
                s.setObject(11, null);
                s.setString(12, counterObis(m.auth()));
                s.setString(13, m.transport().name());
                s.setObject(14, m.transport() == DlmsMeterEndpoint.Transport.HDLC ? m.physicalAddress() : null);
                s.addBatch();
            }
            for (MeterSpec m : mqtt) {
                s.setString(1, m.meterId());
                s.setString(2, "mqtt");
                s.setObject(3, null);
                s.setObject(4, null);
                s.setInt(5, 1);
                s.setInt(6, 16);
                s.setString(7, "NONE");
                s.setObject(8, null);
                s.setObject(9, null);
                s.setObject(10, null);
                s.setLong(11, m.behaviour().publishInterval().toMillis());
                s.setObject(12, null);
                s.setString(13, "WRAPPER");
                s.setObject(14, null);
                s.addBatch();
            }
            s.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot upsert the fleet into meter_inventory at " + jdbcUrl
                    + " (are the migrations applied?): " + e.getMessage(), e);
        }
    }

    /** Where an HLS meter keeps its invocation counter; empty when it has no readable counter object. */
    private static String counterObis(Authentication auth) {
        if (auth.mechanism() != Authentication.Mechanism.HLS5_GMAC) {
            return null;
        }
        return auth.counterReadable() ? auth.counterObis() : "";
    }

    /**
     * Inserts or updates the PUSH meters (protocol 'dlms-push', schemas/sql V4): system title, keys of ciphered ones,
     * their push interval as expected interval.
     */
    public static void upsertPush(String jdbcUrl, String user, String password, List<MeterSpec> push) {
        if (push.isEmpty()) {
            return;
        }
        final String sql = """
                INSERT INTO meter_inventory (meter_id, protocol, auth_mechanism, authentication_key, encryption_key,
                    system_title, expected_interval_ms, enabled, updated_at)
                VALUES (?, 'dlms-push', ?, ?, ?, ?, ?, TRUE, now())
                ON CONFLICT (meter_id) DO UPDATE SET protocol = EXCLUDED.protocol, host = NULL, port = NULL,
                    auth_mechanism = EXCLUDED.auth_mechanism, authentication_key = EXCLUDED.authentication_key,
                    encryption_key = EXCLUDED.encryption_key, system_title = EXCLUDED.system_title,
                    expected_interval_ms = EXCLUDED.expected_interval_ms, enabled = TRUE, updated_at = now()
                """;
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement s = c.prepareStatement(sql)) {
            for (MeterSpec m : push) {
                final Authentication auth = m.behaviour().auth();
                final boolean ciphered = auth.encryptionKey() != null && auth.authenticationKey() != null;
                s.setString(1, m.meterId());
                s.setString(2, ciphered ? "HLS5_GMAC" : "NONE");
                s.setString(3, ciphered ? auth.authenticationKey() : null);
                s.setString(4, ciphered ? auth.encryptionKey() : null);
                s.setString(5, PushIdentity.systemTitleHex(m.meterId()));
                s.setLong(6, m.behaviour().publishInterval().toMillis());
                s.addBatch();
            }
            s.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot upsert the push meters into meter_inventory at " + jdbcUrl
                    + " (is the V4 migration applied?): " + e.getMessage(), e);
        }
    }
}
