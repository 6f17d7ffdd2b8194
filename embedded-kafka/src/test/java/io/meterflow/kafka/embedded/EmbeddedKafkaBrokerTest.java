package io.meterflow.kafka.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedKafkaBrokerTest {

    @Test
    void persistentDataDirectoryKeepsTopicsAcrossRestarts(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir).start();
             Admin admin = admin(broker)) {
            admin.createTopics(List.of(new NewTopic("kept-topic", 3, (short) 1))).all().get();
        }

        try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.builder().dataDir(dir).start();
             Admin admin = admin(restarted)) {
            final Set<String> topics = admin.listTopics().names().get();
            assertThat(topics).contains("kept-topic");
            assertThat(admin.describeTopics(List.of("kept-topic")).allTopicNames().get()
                    .get("kept-topic").partitions()).hasSize(3);
        }
        assertThat(dir.resolve("meta.properties")).exists();
    }

    @Test
    void temporaryBrokerDeletesItsDataOnClose() {
        final Path dir;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
            dir = broker.dataDir();
            assertThat(dir).isDirectory();
        }
        assertThat(dir).doesNotExist();
    }

    private static Admin admin(EmbeddedKafkaBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }
}
