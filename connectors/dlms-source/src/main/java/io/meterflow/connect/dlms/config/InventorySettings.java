package io.meterflow.connect.dlms.config;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * The "Inventory" group that the polling and the push connector share: where the meter_inventory table is and how
 * often a task re-reads it. Only what the rows mean differs between the two, so the table's and the refresh's docs are
 * the connector's.
 */
public record InventorySettings(String url, String user, Password password, String table, Duration refresh) {

    private static final String GROUP = "Inventory";

    public static final String URL_CONFIG = "inventory.jdbc.url";
    private static final String URL_DOC = "JDBC URL of the PostgreSQL database holding the meter inventory "
            + "(meters.source=INVENTORY), e.g. jdbc:postgresql://db:5432/meterflow.";

    public static final String USER_CONFIG = "inventory.jdbc.user";
    private static final String USER_DOC = "Database user for the inventory.";

    public static final String PASSWORD_CONFIG = "inventory.jdbc.password";
    private static final String PASSWORD_DOC = "Database password for the inventory.";

    public static final String TABLE_CONFIG = "inventory.table";

    public static final String REFRESH_CONFIG = "inventory.refresh.interval.ms";

    /** Defines the group in {@code def}, with the connector's own words for which rows count and what a refresh does. */
    public static void define(ConfigDef def, String tableDoc, String refreshDoc) {
        int order = 0;
        def.define(URL_CONFIG, Type.STRING, null, Importance.HIGH, URL_DOC, GROUP, ++order, Width.LONG, "JDBC URL")
                .define(USER_CONFIG, Type.STRING, null, Importance.MEDIUM, USER_DOC, GROUP, ++order, Width.SHORT, "User")
                .define(PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, PASSWORD_DOC, GROUP, ++order,
                        Width.SHORT, "Password")
                .define(TABLE_CONFIG, Type.STRING, "meter_inventory",
                        ConfigDef.CompositeValidator.of(new ConfigDef.NonEmptyString(), new SqlIdentifierValidator()),
                        Importance.MEDIUM, tableDoc, GROUP, ++order, Width.SHORT, "Table")
                .define(REFRESH_CONFIG, Type.LONG, 10_000L, Range.atLeast(100), Importance.MEDIUM, refreshDoc, GROUP,
                        ++order, Width.SHORT, "Refresh interval");
    }

    public static InventorySettings of(AbstractConfig config) {
        return new InventorySettings(config.getString(URL_CONFIG), config.getString(USER_CONFIG),
                config.getPassword(PASSWORD_CONFIG), config.getString(TABLE_CONFIG),
                Duration.ofMillis(config.getLong(REFRESH_CONFIG)));
    }

    /** Whether a JDBC URL is set (meters.source=INVENTORY needs one). */
    public boolean hasUrl() {
        return url != null && !url.isBlank();
    }

    /** A connection to the inventory database; fails fast (10 s) and names the connector in pg_stat_activity. */
    public Connection connect(String applicationName) throws SQLException {
        final Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password.value());
        }
        props.setProperty("connectTimeout", "10");
        props.setProperty("ApplicationName", applicationName);
        final Connection connection = new org.postgresql.Driver().connect(url, props);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + url);
        }
        return connection;
    }
}
