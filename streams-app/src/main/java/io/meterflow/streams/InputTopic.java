package io.meterflow.streams;

import io.meterflow.schema.topic.Topic;
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
import java.util.stream.Collectors;

/**
 * Asks the broker how many partitions the input topics have. They must exist before the app starts, and have the
 * same number of partitions: the alert commands share the alert store with the readings' alert processor, and the
 * intervals, the backfill outcomes and the readings' register feed one per-meter processor, so partition p of every
 * input topic must hold the same meters.
 */
final class InputTopic {

    private InputTopic() {
    }

    static int partitions(StreamsAppConfig config) {
        final List<String> topics = MeterFlowTopology.inputTopics(config).stream().map(Topic::name).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
            final Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                    .get(60, TimeUnit.SECONDS);
            final Map<String, Integer> counts = topics.stream()
                    .collect(Collectors.toMap(t -> t, t -> described.get(t).partitions().size()));
            if (counts.values().stream().distinct().count() > 1) {
                throw new IllegalStateException("Input topics must have the same number of partitions (they are"
                        + " co-partitioned by meterId), got " + counts + ": recreate the others with "
                        + counts.get(topics.get(0)) + " partitions (those of " + topics.get(0) + "), or set "
                        + StreamsAppConfig.LEDGER_ENABLED_CONFIG + "=false to read no intervals");
            }
            return counts.get(topics.get(0));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("An input topic of " + topics + " does not exist on "
                        + config.bootstrapServers() + ": create them (and the output topics) before starting the"
                        + " streams app", e.getCause());
            }
            throw new IllegalStateException("Cannot describe input topics " + topics + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("No answer from Kafka at " + config.bootstrapServers() + " within 60 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
