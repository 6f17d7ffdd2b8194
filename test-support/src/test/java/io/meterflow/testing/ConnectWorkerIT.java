package io.meterflow.testing;

import io.meterflow.kafka.embedded.ConnectRestClient;
import io.meterflow.kafka.embedded.EmbeddedConnectWorker;
import io.meterflow.testing.connect.ConnectWorkerProcess;
import io.meterflow.testing.kafka.KafkaExtension;
import io.meterflow.testing.kafka.KafkaTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(KafkaExtension.class)
class ConnectWorkerIT {

    @Test
    void inProcessWorkerAnswersOnItsRestApiAndCreatesItsInternalTopics(KafkaTestCluster kafka) throws Exception {
        try (EmbeddedConnectWorker worker = EmbeddedConnectWorker.builder(kafka.bootstrapServers())
                .groupId("connect-it-a").start()) {
            final ConnectRestClient.Response root = worker.rest().send("GET", "/", null);

            assertThat(root.status()).isEqualTo(200);
            assertThat(root.json().path("version").asText()).isEqualTo("4.4.0");
            try (var admin = kafka.admin()) {
                final Set<String> topics = admin.listTopics().names().get();
                assertThat(topics).contains("connect-it-a-configs", "connect-it-a-offsets", "connect-it-a-status");
            }
        }
    }

    @Test
    void workerProcessCanBeKilledAndAnotherTakesOverTheSameCluster(KafkaTestCluster kafka, @TempDir Path logs) {
        final EmbeddedConnectWorker.Builder worker = EmbeddedConnectWorker.builder(kafka.bootstrapServers())
                .groupId("connect-it-b");
        final ConnectWorkerProcess first = ConnectWorkerProcess.start(worker, entry -> false, logs.resolve("first.log"));
        try {
            assertThat(first.rest().send("GET", "/connectors", null).json().isArray()).isTrue();
            first.kill();
            assertThatThrownBy(() -> first.rest().send("GET", "/health", null))
                    .isInstanceOf(IllegalStateException.class);
        } finally {
            first.close();
        }
        try (ConnectWorkerProcess second = ConnectWorkerProcess.start(worker, entry -> false, logs.resolve("second.log"))) {
            assertThat(second.rest().send("GET", "/health", null).status()).isEqualTo(200);
        }
    }
}
