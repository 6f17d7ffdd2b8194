package io.meterflow.connect.postgres;

import io.meterflow.schema.EventTimed;
import io.meterflow.schema.topic.Topic;
import io.meterflow.testing.kafka.KafkaTestCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Produces MeterFlow records (key meterId, timestamp = event time) and raw payloads for tests. */
public final class TopicFeeder implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    public TopicFeeder(KafkaTestCluster kafka) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
    }

    public <V extends EventTimed> void send(Topic<V> registryTopic, String topicName, List<V> values, Function<V, String> key) {
        for (V value : values) {
            producer.send(new ProducerRecord<>(topicName, null, value.eventTime(), key.apply(value),
                    registryTopic.valueSerde().serializer().serialize(topicName, value)));
        }
        producer.flush();
    }

    public void sendRaw(String topicName, String key, String payload) {
        producer.send(new ProducerRecord<>(topicName, key, payload.getBytes(StandardCharsets.UTF_8)));
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
