package io.meterflow.connect.postgres;

import io.meterflow.kafka.embedded.ConnectRestClient;
import io.meterflow.kafka.embedded.EmbeddedConnectWorker;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.testing.connect.ConnectWorkerProcess;
import io.meterflow.testing.kafka.KafkaExtension;
import io.meterflow.testing.kafka.KafkaTestCluster;
import io.meterflow.testing.postgres.ComponentRoles;
import io.meterflow.testing.postgres.PostgresExtension;
import io.meterflow.testing.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.meterflow.connect.postgres.PostgresSinkIT.awaitRows;
import static io.meterflow.connect.postgres.ReadModelTables.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The production shape of the database's users: the sink, on a real Connect worker, applies the migrations and
 * writes the read model as its own non-superuser role, with its password coming through a config provider; the
 * privileges PostgreSQL then reports for each role keep the meter secrets to the DLMS connector's role.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class LeastPrivilegeIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final List<String> SECRET_COLUMNS = List.of("password", "authentication_key", "encryption_key");
    private static final List<String> READ_MODEL = List.of("meter_latest_reading", "reading_history",
            "alert_current", "meter_document", "interval_validated", "interval_validated_history", "meter_completeness",
            "backfill_request");

    @Test
    void theSinkWritesAsItsOwnRoleAndOnlyTheDlmsRoleReadsMeterSecrets(KafkaTestCluster kafka, TestDatabase db,
            @TempDir Path dir) throws IOException {
        final SinkTopics topics = new SinkTopics("least-privilege-");
        topics.create(kafka, 1);
        final SampleFleet fleet = SampleFleet.of(3, 5);
        try (TopicFeeder feeder = new TopicFeeder(kafka)) {
            feeder.send(MeterFlowTopics.READINGS, topics.readings(), fleet.readings(), r -> r.meterId());
        }
        try (ComponentRoles roles = ComponentRoles.create(db)) {
            final Path secrets = Files.writeString(dir.resolve("db.properties"), "password=" + roles.password() + "\n");
            final Map<String, String> config = topics.connectorConfig(db, 1);
            config.put("connection.user", roles.sink().user());
            config.put("connection.password", "${file:" + secrets.toAbsolutePath() + ":password}");

            try (ConnectWorkerProcess worker = ConnectWorkerProcess.start(
                    EmbeddedConnectWorker.builder(kafka.bootstrapServers()).groupId("least-privilege")
                            .pluginPath(PostgresSinkIT.PLUGIN_PATH)
                            .workerProperty("connector.client.config.override.policy", "All")
                            .workerProperty("config.providers", "file")
                            .workerProperty("config.providers.file.class",
                                    "org.apache.kafka.common.config.provider.FileConfigProvider"),
                    entry -> entry.replace('\\', '/').contains("postgres-sink/target/"), dir.resolve("worker.log"))) {
                final ConnectRestClient rest = worker.rest();
                rest.putConnector("read-model", config);
                rest.awaitRunning("read-model", 1, TIMEOUT);
                awaitRows(db, "reading_history", fleet.readings().size());

                final ConnectRestClient.Response tasks = rest.send("GET", "/connectors/read-model/tasks", null);
                assertThat(tasks.status()).isEqualTo(200);
                assertThat(tasks.body()).contains("${file:").doesNotContain(roles.password());
            }

            assertThat(single(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = '"
                    + roles.sink().user() + "'")).as("tables the sink's migrations created").isPositive();
            assertPrivileges(db, roles);
            assertSecretsReadOnlyByTheDlmsRole(roles);
        }
    }

    private static void assertPrivileges(TestDatabase db, ComponentRoles roles) {
        for (String column : SECRET_COLUMNS) {
            assertThat(has(db, roles.reader(), "has_column_privilege", "meter_inventory', '" + column, "SELECT"))
                    .as("reader SELECT meter_inventory.%s", column).isFalse();
            assertThat(has(db, roles.sink(), "has_column_privilege", "meter_inventory', '" + column, "SELECT"))
                    .as("sink SELECT meter_inventory.%s", column).isFalse();
            assertThat(has(db, roles.dlms(), "has_column_privilege", "meter_inventory', '" + column, "SELECT"))
                    .as("DLMS connector SELECT meter_inventory.%s", column).isTrue();
        }
        assertThat(has(db, roles.reader(), "has_column_privilege", "meter_inventory', 'meter_id", "SELECT")).isTrue();
        assertThat(has(db, roles.dlms(), "has_table_privilege", "meter_inventory", "INSERT")).isFalse();
        assertThat(has(db, roles.inventoryAdmin(), "has_table_privilege", "meter_inventory", "INSERT")).isTrue();
        for (String table : READ_MODEL) {
            assertThat(has(db, roles.reader(), "has_table_privilege", table, "SELECT")).as("reader SELECT %s", table)
                    .isTrue();
            for (String write : List.of("INSERT", "UPDATE", "DELETE", "TRUNCATE")) {
                assertThat(has(db, roles.reader(), "has_table_privilege", table, write))
                        .as("reader %s %s", write, table).isFalse();
                assertThat(has(db, roles.dlms(), "has_table_privilege", table, write))
                        .as("DLMS connector %s %s", write, table).isFalse();
            }
            assertThat(has(db, roles.sink(), "has_table_privilege", table, "INSERT")).as("sink INSERT %s", table)
                    .isTrue();
        }
        assertThat(single(db, "SELECT count(*) FROM pg_roles WHERE rolsuper AND rolname IN ('" + roles.sink().user()
                + "', '" + roles.reader().user() + "', '" + roles.dlms().user() + "')")).isZero();
    }

    /** What a component sees when it tries: PostgreSQL refuses, naming the table. */
    private static void assertSecretsReadOnlyByTheDlmsRole(ComponentRoles roles) {
        run(roles.inventoryAdmin(), "INSERT INTO meter_inventory (meter_id, host, port, auth_mechanism, password) "
                + "VALUES ('lls-meter', 'meter.example', 4059, 'LOW', 'lls-secret')");
        assertThat(ReadModelTables.text(roles.dlms(), "SELECT password FROM meter_inventory")).isEqualTo("lls-secret");
        assertThat(ReadModelTables.text(roles.reader(), "SELECT host FROM meter_inventory")).isEqualTo("meter.example");
        for (TestDatabase denied : List.of(roles.reader(), roles.sink())) {
            assertThatThrownBy(() -> run(denied, "SELECT password FROM meter_inventory"))
                    .as(denied.user()).hasMessageContaining("permission denied for table meter_inventory");
            assertThatThrownBy(() -> run(denied, "SELECT * FROM meter_inventory"))
                    .as(denied.user()).hasMessageContaining("permission denied for table meter_inventory");
        }
        assertThatThrownBy(() -> run(roles.reader(), "DELETE FROM meter_latest_reading"))
                .hasMessageContaining("permission denied for table meter_latest_reading");
    }

    private static boolean has(TestDatabase db, TestDatabase role, String function, String object, String privilege) {
        return single(db, "SELECT CASE WHEN " + function + "('" + role.user() + "', '" + object + "', '" + privilege
                + "') THEN 1 ELSE 0 END") == 1;
    }

    private static void run(TestDatabase as, String sql) {
        try (Connection c = as.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
