package io.meterflow.streams;

import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.streams.config.StreamsAppConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Asks the broker how many partitions {@code meter-readings} has; it must exist before the app starts. */
final class InputTopic {

    private InputTopic() {
    }

    static int partitions(StreamsAppConfig config) {
        final String topic = MeterFlowTopics.READINGS.name();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
            final TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(60, TimeUnit.SECONDS).get(topic);
            return description.partitions().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("Input topic " + topic + " does not exist on " + config.bootstrapServers()
                        + ": create it (and the output topics) before starting the streams app", e.getCause());
            }
            throw new IllegalStateException("Cannot describe input topic " + topic + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("No answer from Kafka at " + config.bootstrapServers() + " within 60 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
