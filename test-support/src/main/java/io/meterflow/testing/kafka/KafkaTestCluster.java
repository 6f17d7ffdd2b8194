package io.meterflow.testing.kafka;

import io.meterflow.schema.topic.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** The Kafka cluster a test runs against. Tests create the topics they use. */
public interface KafkaTestCluster {

    String bootstrapServers();

    /** Creates the topics (one replica) unless they exist already. */
    default void createTopics(int partitions, String... names) {
        final List<NewTopic> topics = Arrays.stream(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList();
        try (Admin admin = admin()) {
            admin.createTopics(topics).values().values().forEach(KafkaTestCluster::ignoreExisting);
        }
    }

    default void createTopics(int partitions, Topic<?>... topics) {
        createTopics(partitions, Arrays.stream(topics).map(Topic::name).toArray(String[]::new));
    }

    default Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    private static void ignoreExisting(org.apache.kafka.common.KafkaFuture<Void> future) {
        try {
            future.get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create topic: " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
