package io.meterflow.connect.mqtt;

import io.meterflow.connect.mqtt.config.MqttSourceConfig;
import io.meterflow.connect.mqtt.support.ConnectorFixture;
import io.meterflow.connect.mqtt.support.Telemetry;
import io.meterflow.kafka.embedded.ConnectRestClient;
import io.meterflow.testing.connect.ConnectWorkerProcess;
import io.meterflow.testing.kafka.KafkaExtension;
import io.meterflow.testing.kafka.KafkaTestCluster;
import io.meterflow.testing.kafka.TopicRecords;
import io.meterflow.testing.mqtt.MosquittoBroker;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The MQTT password given through the worker's file config provider: the connector logs in to a Mosquitto that
 * demands it and delivers, while {@code GET /connectors/{name}/tasks} shows the placeholder, never the password.
 */
@ExtendWith(KafkaExtension.class)
class TaskConfigSecretsIT {

    private static final String USER = "meterflow";
    private static final String PASSWORD = "mqtt-secret-7741";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void thePasswordReachesTheBrokerButNotTheTaskConfigs(KafkaTestCluster kafka, @TempDir Path dir) throws Exception {
        final Path passwords = dir.resolve("passwd");
        final Process passwd = new ProcessBuilder("mosquitto_passwd", "-b", "-c", passwords.toString(), USER, PASSWORD)
                .redirectErrorStream(true).start();
        assertThat(passwd.waitFor()).isZero();
        final Path secrets = Files.writeString(dir.resolve("mqtt.properties"), "password=" + PASSWORD + "\n");
        final String placeholder = "${file:" + secrets.toAbsolutePath() + ":password}";
        kafka.createTopics(1, "secret-readings", "secret-dlq");

        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), 100_000, 20,
                     List.of("allow_anonymous false", "password_file " + passwords));
             ConnectWorkerProcess worker = ConnectorFixture.startWorker(
                     ConnectorFixture.worker(kafka.bootstrapServers(), "mqtt-secrets")
                             .workerProperty("config.providers", "file")
                             .workerProperty("config.providers.file.class",
                                     "org.apache.kafka.common.config.provider.FileConfigProvider"),
                     dir.resolve("worker.log"))) {
            final ConnectRestClient rest = worker.rest();
            rest.putConnector("mqtt-secrets", ConnectorFixture.config(broker.uri(), "secret-readings", "secret-dlq", 1,
                    Map.of(MqttSourceConfig.USERNAME_CONFIG, USER, MqttSourceConfig.PASSWORD_CONFIG, placeholder)));
            rest.awaitRunning("mqtt-secrets", 1, WAIT);

            // Published until one arrives: the task may still be subscribing when the first one goes out.
            final MqttClient publisher = new MqttClient(broker.uri(), "secrets-publisher", new MemoryPersistence());
            final MqttConnectOptions options = new MqttConnectOptions();
            options.setUserName(USER);
            options.setPassword(PASSWORD.toCharArray());
            publisher.connect(options);
            try {
                await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).until(() -> {
                    publisher.publish(Telemetry.topic("m-secret"),
                            Telemetry.payload(System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8), 1, false);
                    return !TopicRecords.readAll(kafka, "secret-readings", new StringDeserializer(),
                            new ByteArrayDeserializer()).isEmpty();
                });
            } finally {
                publisher.disconnect();
                publisher.close();
            }

            final ConnectRestClient.Response tasks = rest.send("GET", "/connectors/mqtt-secrets/tasks", null);
            assertThat(tasks.status()).isEqualTo(200);
            assertThat(tasks.body()).contains(placeholder).doesNotContain(PASSWORD);
        }
    }
}
