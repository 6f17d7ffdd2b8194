package io.meterflow.streams.it;

import io.meterflow.schema.EventTimed;
import io.meterflow.schema.topic.Topic;
import io.meterflow.schema.validation.SchemaValidator;
import io.meterflow.streams.MeterFlowTopology;
import io.meterflow.testing.kafka.KafkaTestCluster;
import io.meterflow.testing.kafka.TopicRecords;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the kill-and-restart ITs share: the app's configuration, the kill cycles, and reading back what it wrote. */
final class KilledApp {

    private static final SchemaValidator VALIDATOR = new SchemaValidator();

    private KilledApp() {
    }

    /** exactly_once_v2, small RocksDB, and a session timeout short enough that a killed member is noticed soon. */
    static Map<String, String> config(KafkaTestCluster kafka, Path dir, Path rules, String applicationId) {
        final Map<String, String> c = new LinkedHashMap<>();
        c.put("bootstrap.servers", kafka.bootstrapServers());
        c.put("application.id", applicationId);
        c.put("state.dir", dir.resolve("state").toString());
        c.put("rules.file", rules.toString());
        c.put("validation.rules.file", Path.of("config/validation-rules.yaml").toAbsolutePath().toString());
        c.put("processing.guarantee", "exactly_once_v2");
        c.put("commit.interval.ms", "100");
        c.put("http.port", "0");
        c.put("rocksdb.memory.bytes", String.valueOf(16 * 1024 * 1024));
        c.put("rocksdb.write.buffer.bytes", String.valueOf(4 * 1024 * 1024));
        // A killed member never leaves the group: let the broker notice within seconds, not 45 s.
        c.put("streams.session.timeout.ms", "6000");
        c.put("streams.heartbeat.interval.ms", "1000");
        return c;
    }

    /**
     * Every topic the app reads or writes ({@link MeterFlowTopology#topics()}: a missing input stops the app), empty:
     * the ITs of one JVM share a broker and the app's topic names are fixed, so whatever an earlier IT left in them is
     * deleted first.
     */
    static void freshTopics(KafkaTestCluster kafka, int partitions) throws Exception {
        final Topic<?>[] topics = MeterFlowTopology.topics().toArray(Topic<?>[]::new);
        final List<String> names = java.util.Arrays.stream(topics).map(Topic::name).toList();
        try (Admin admin = kafka.admin()) {
            final List<String> existing = admin.listTopics().names().get().stream().filter(names::contains).toList();
            admin.deleteTopics(existing).all().get();
            Awaitility.await("topics " + existing + " deleted").atMost(Duration.ofSeconds(60))
                    .until(() -> admin.listTopics().names().get().stream().noneMatch(names::contains));
        }
        kafka.createTopics(partitions, topics);
    }

    static Path writeProperties(Path file, Map<String, String> config) throws IOException {
        final StringBuilder text = new StringBuilder();
        config.forEach((k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        return Files.writeString(file, text);
    }

    /**
     * {@code kills} times: the app in a child JVM until it has written more than {@code progress} records to
     * {@code watched}, then SIGKILL.
     */
    static void killRepeatedly(KafkaTestCluster kafka, Path configFile, Path log, int kills, String watched,
                               int progress) throws InterruptedException {
        for (int cycle = 1; cycle <= kills; cycle++) {
            final long before = endOffsets(kafka, watched);
            final StreamsAppProcess child = StreamsAppProcess.start(configFile, log);
            Awaitility.await("cycle " + cycle + ": the app writes " + watched + " (log: " + log + ")")
                    .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        assertThat(child.isAlive()).as("app process alive; see " + log).isTrue();
                        return endOffsets(kafka, watched) > before + progress;
                    });
            child.kill();
        }
    }

    /** Committed (read_committed) records of a topic, in partition order, each validated against its schema. */
    static <V extends EventTimed> List<V> committed(KafkaTestCluster kafka, Topic<V> topic) {
        final List<V> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : TopicRecords.readAll(kafka, topic.name(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            assertThat(VALIDATOR.validate(topic, r.value())).as("schema of %s", new String(r.value())).isEmpty();
            final V value = topic.valueSerde().deserializer().deserialize(topic.name(), r.value());
            assertThat(r.timestamp()).isEqualTo(value.eventTime());
            out.add(value);
        }
        return out;
    }

    static long beginningOffsets(KafkaTestCluster kafka, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka)) {
            return consumer.beginningOffsets(partitions(consumer, topic)).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static long endOffsets(KafkaTestCluster kafka, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka)) {
            return consumer.endOffsets(partitions(consumer, topic)).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(KafkaTestCluster kafka) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }
}
