package io.meterflow.connect.dlms;

import io.meterflow.kafka.embedded.ConnectRestClient;
import io.meterflow.kafka.embedded.EmbeddedConnectWorker;
import io.meterflow.testing.connect.ConnectWorkerProcess;
import io.meterflow.testing.kafka.KafkaExtension;
import io.meterflow.testing.kafka.KafkaTestCluster;
import io.meterflow.testing.postgres.ComponentRoles;
import io.meterflow.testing.postgres.PostgresExtension;
import io.meterflow.testing.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets given through a worker config provider never show in {@code GET /connectors/{name}/tasks}, neither the
 * connector's own (LLS password, inventory password) nor the meter secrets of the inventory, which the inventory
 * watcher reads as the DLMS connector's own non-superuser role.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class TaskConfigSecretsIT {

    private static final Path PLUGIN_PATH = Path.of("target", "plugin").toAbsolutePath();
    private static final String OWN_CLASSES = Path.of("target", "classes").toAbsolutePath().toString();
    private static final String CONNECTOR = DlmsSourceConnector.class.getName();
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String INLINE_LLS = "inline-lls-secret-5150";
    private static final String INVENTORY_LLS = "inventory-lls-secret-6160";
    private static final String AUTH_KEY = "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf";
    private static final String ENC_KEY = "000102030405060708090a0b0c0d0e0f";

    @Test
    void taskConfigsHoldProviderPlaceholdersAndNoMeterSecrets(KafkaTestCluster kafka, TestDatabase db, @TempDir Path dir)
            throws Exception {
        kafka.createTopics(1, "secrets-readings", "secrets-intervals");
        Inventory.migrate(db);
        try (ComponentRoles roles = ComponentRoles.create(db)) {
            roles.inventoryAdmin().execute("""
                    INSERT INTO meter_inventory (meter_id, host, port, client_id, auth_mechanism, password)
                    VALUES ('inv-lls', '127.0.0.1', 1, 17, 'LOW', '%s');
                    INSERT INTO meter_inventory (meter_id, host, port, client_id, auth_mechanism, authentication_key,
                                                 encryption_key)
                    VALUES ('inv-hls', '127.0.0.1', 1, 1, 'HLS5_GMAC', '%s', '%s')""".formatted(INVENTORY_LLS, AUTH_KEY, ENC_KEY));
            final Path secrets = Files.writeString(dir.resolve("dlms.properties"),
                    "lls=" + INLINE_LLS + "\ndb=" + roles.password() + "\n");
            final String file = "${file:" + secrets.toAbsolutePath() + ":";

            try (ConnectWorkerProcess worker = ConnectWorkerProcess.start(EmbeddedConnectWorker
                            .builder(kafka.bootstrapServers()).groupId("dlms-secrets").pluginPath(PLUGIN_PATH)
                            .workerProperty("config.providers", "file")
                            .workerProperty("config.providers.file.class",
                                    "org.apache.kafka.common.config.provider.FileConfigProvider"),
                    entry -> entry.equals(OWN_CLASSES), dir.resolve("worker.log"))) {
                final ConnectRestClient rest = worker.rest();
                rest.putConnector("dlms-inline", config(Map.of("meters", "lls-1@127.0.0.1:1",
                        "meter.auth.mechanism", "LOW", "meter.client.id", "17", "meter.password", file + "lls}")));
                rest.putConnector("dlms-inventory", config(Map.of("meters.source", "INVENTORY",
                        "inventory.jdbc.url", db.jdbcUrl(), "inventory.jdbc.user", roles.dlms().user(),
                        "inventory.jdbc.password", file + "db}", "tasks.max", "2")));
                rest.awaitRunning("dlms-inline", 1, TIMEOUT);
                // Two tasks only once the watcher, connected as the DLMS role, has read both inventory rows.
                rest.awaitRunning("dlms-inventory", 2, TIMEOUT);

                final String inline = tasks(rest, "dlms-inline");
                assertThat(inline).contains(file + "lls}").contains("lls-1");
                final String inventory = tasks(rest, "dlms-inventory");
                assertThat(inventory).contains(file + "db}").contains("inv-lls").contains("inv-hls");
                for (String secret : List.of(INLINE_LLS, INVENTORY_LLS, AUTH_KEY, ENC_KEY, roles.password())) {
                    assertThat(inline).doesNotContainIgnoringCase(secret);
                    assertThat(inventory).doesNotContainIgnoringCase(secret);
                }
            }
        }
    }

    private static String tasks(ConnectRestClient rest, String connector) {
        final ConnectRestClient.Response response = rest.send("GET", "/connectors/" + connector + "/tasks", null);
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    private static Map<String, String> config(Map<String, String> settings) {
        final Map<String, String> config = new HashMap<>(Map.of("connector.class", CONNECTOR,
                "readings.topic", "secrets-readings", "intervals.topic", "secrets-intervals",
                "poll.interval.ms", "5000", "profile.read.interval.ms", "0", "inventory.refresh.interval.ms", "1000"));
        config.putAll(settings);
        return config;
    }
}
