package io.meterflow.local;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Names and removes the databases the local-stack tests create on the local PostgreSQL server. */
final class TestDatabases {

    private TestDatabases() {
    }

    static String name(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100_000;
    }

    static void drop(String db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }
}
