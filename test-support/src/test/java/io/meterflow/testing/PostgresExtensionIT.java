package io.meterflow.testing;

import io.meterflow.testing.postgres.PostgresExtension;
import io.meterflow.testing.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(PostgresExtension.class)
class PostgresExtensionIT {

    @Test
    void eachTestClassGetsItsOwnEmptyWritableDatabase(TestDatabase db) throws Exception {
        assertThat(db.name()).startsWith("mf_postgresextensionit_");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select count(*) from information_schema.tables where table_schema='public'")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
            s.execute("create table probe(id int primary key)");
            s.execute("insert into probe values (1)");
            try (ResultSet rs = s.executeQuery("select current_database()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(db.name());
            }
        }
    }
}
