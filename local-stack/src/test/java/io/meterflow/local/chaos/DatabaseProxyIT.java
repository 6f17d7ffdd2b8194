package io.meterflow.local.chaos;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fault suite's stand-in for a stopped PostgreSQL, against the machine's real server. */
class DatabaseProxyIT {

    private final DatabaseProxy proxy = DatabaseProxy.start("127.0.0.1", 5432);

    @AfterEach
    void close() {
        proxy.close();
    }

    @Test
    void aCutDropsOpenConnectionsAndRefusesNewOnesUntilRestored() throws Exception {
        try (Connection before = connect()) {
            assertThat(one(before)).isEqualTo(1);

            proxy.cut();

            assertThatThrownBy(() -> one(before)).isInstanceOf(SQLException.class);
            assertThatThrownBy(this::connect).isInstanceOf(SQLException.class);
        }
        proxy.restore();
        try (Connection after = connect()) {
            assertThat(one(after)).isEqualTo(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + proxy.hostPort() + "/postgres?connectTimeout=5",
                "postgres", "");
    }

    private static int one(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
