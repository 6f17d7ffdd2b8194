package io.meterflow.testing.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads what is in a topic, for assertions. Uses read_committed, as downstream consumers of EOS output must. */
public final class TopicRecords {

    private TopicRecords() {
    }

    /**
     * Waits until {@code topic} holds at least {@code count} committed records, then returns all of them
     * from the beginning, in partition order.
     */
    public static <K, V> List<ConsumerRecord<K, V>> awaitAtLeast(KafkaTestCluster kafka, String topic, int count,
                                                                Deserializer<K> keys, Deserializer<V> values,
                                                                Duration timeout) {
        final List<ConsumerRecord<K, V>> seen = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(consumerProps(kafka), keys, values)) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Awaitility.await("at least " + count + " records in " + topic)
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                        return seen.size() >= count;
                    });
        }
        return seen;
    }

    /** Every committed record currently in {@code topic}, read up to the end offsets seen at the start. */
    public static <K, V> List<ConsumerRecord<K, V>> readAll(KafkaTestCluster kafka, String topic,
                                                           Deserializer<K> keys, Deserializer<V> values) {
        final List<ConsumerRecord<K, V>> seen = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(consumerProps(kafka), keys, values)) {
            final List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            final List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Awaitility.await("reading " + topic + " to its end offsets " + end)
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                        return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
                    });
        }
        return seen;
    }

    private static Map<String, Object> consumerProps(KafkaTestCluster kafka) {
        final Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        return props;
    }
}
