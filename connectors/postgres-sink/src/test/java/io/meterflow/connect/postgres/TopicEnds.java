package io.meterflow.connect.postgres;

import io.meterflow.testing.kafka.KafkaTestCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** End offsets of topics, summed over their partitions. */
public final class TopicEnds {

    private TopicEnds() {
    }

    public static long total(KafkaTestCluster kafka, List<String> topics) {
        try (Admin admin = kafka.admin()) {
            final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (var description : admin.describeTopics(topics).allTopicNames().get().values()) {
                description.partitions().forEach(p ->
                        request.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
            }
            return admin.listOffsets(request).all().get().values().stream().mapToLong(r -> r.offset()).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot read end offsets of " + topics, e.getCause());
        }
    }
}
