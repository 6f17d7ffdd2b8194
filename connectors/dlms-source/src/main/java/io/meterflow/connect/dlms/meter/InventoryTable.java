package io.meterflow.connect.dlms.meter;

import io.meterflow.connect.dlms.config.DlmsSourceConfig;
import io.meterflow.connect.dlms.config.InventorySettings;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.errors.ConnectException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The enabled DLMS meters of the PostgreSQL inventory table (schemas/sql/V1__meter_inventory.sql and the migrations
 * after it, up to V4_5's transport columns). The driver
 * is called directly rather than through DriverManager, which does not see drivers in a plugin's class loader.
 */
final class InventoryTable implements MeterSource {

    private static final String COLUMNS = "meter_id, host, port, logical_device_id, client_id, auth_mechanism, "
            + "password, authentication_key, encryption_key, poll_interval_ms, invocation_counter_obis, clock_sync, "
            + "transport, hdlc_physical_address, hdlc_max_info_length";

    private final DlmsSourceConfig config;
    private final InventorySettings inventory;

    InventoryTable(DlmsSourceConfig config) {
        this.config = config;
        this.inventory = config.inventory();
    }

    @Override
    public List<MeterDefinition> load() {
        final String sql = "SELECT " + COLUMNS + " FROM " + inventory.table()
                + " WHERE protocol = 'dlms' AND enabled ORDER BY meter_id";
        try (Connection connection = inventory.connect("meterflow-dlms-source"); PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            final List<MeterDefinition> meters = new ArrayList<>();
            while (rows.next()) {
                final String counterObis = rows.getString("invocation_counter_obis");
                meters.add(toMeter(rows, config.hdlcMaxInformationLength()).withInvocationCounterObis(
                        counterObis == null ? config.invocationCounterObis() : counterObis.trim()));
            }
            return meters;
        } catch (SQLException e) {
            throw new ConnectException("Cannot read the meter inventory " + inventory.table() + " at "
                    + InventorySettings.URL_CONFIG + "=" + inventory.url() + ": " + e.getMessage(), e);
        }
    }

    /** Every row becomes a meter; a row that cannot be used carries its problem instead of failing the load. */
    private static MeterDefinition toMeter(ResultSet row, int defaultMaxInfoLength) throws SQLException {
        final String id = row.getString("meter_id");
        final long interval = row.getLong("poll_interval_ms");
        final Duration pollInterval = row.wasNull() ? null : Duration.ofMillis(interval);
        final Integer port = row.getObject("port", Integer.class);
        final InventoryRowCheck.Addressing addressing = new InventoryRowCheck.Addressing(row.getString("transport"),
                row.getObject("hdlc_physical_address", Integer.class),
                row.getObject("hdlc_max_info_length", Integer.class), row.getInt("client_id"),
                row.getInt("logical_device_id"));
        final InventoryRowCheck.Row raw = new InventoryRowCheck.Row(id, row.getString("host"), port,
                row.getString("auth_mechanism"), row.getString("password"), row.getString("authentication_key"),
                row.getString("encryption_key"), addressing);
        final AuthMechanism auth = InventoryRowCheck.auth(raw.authMechanism()).orElse(AuthMechanism.NONE);
        final Optional<MeterProblem> problem = InventoryRowCheck.problem(raw);
        final MeterTransport transport = problem.isPresent() ? MeterTransport.WRAPPER : transport(addressing,
                defaultMaxInfoLength);
        return new MeterDefinition(id, raw.host() == null ? "" : raw.host(), port == null ? 0 : port,
                addressing.logicalDeviceId(), addressing.clientId(), auth, password(raw.password()),
                password(raw.authenticationKey()), password(raw.encryptionKey()), pollInterval,
                problem.or(() -> InventoryRowCheck.requestProblem(id, transport, auth,
                        addressing.maxInfoLength() != null)).orElse(null),
                null, row.getObject("clock_sync", Boolean.class), transport);
    }

    private static MeterTransport transport(InventoryRowCheck.Addressing addressing, int defaultMaxInfoLength) {
        return InventoryRowCheck.transport(addressing.transport()).orElseThrow() == MeterTransport.Kind.HDLC
                ? MeterTransport.hdlc(addressing.physicalAddress(), addressing.maxInfoLength() == null
                ? defaultMaxInfoLength : addressing.maxInfoLength())
                : MeterTransport.WRAPPER;
    }

    private static Password password(String value) {
        return value == null ? null : new Password(value);
    }
}
