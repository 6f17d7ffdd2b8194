package io.meterflow.connect.postgres;

import io.meterflow.schema.EventTimed;
import io.meterflow.schema.topic.MeterFlowTopics;
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

    /** Every topic of the sample fleet, in the order of the sink's topics. */
    public void sendFleet(SinkTopics topics, SampleFleet fleet) {
        send(MeterFlowTopics.READINGS, topics.readings(), fleet.readings(), r -> r.meterId());
        send(MeterFlowTopics.INTERVALS, topics.intervals(), fleet.intervals(), r -> r.meterId());
        send(MeterFlowTopics.RATES, topics.rates(), fleet.rates(), r -> r.meterId());
        send(MeterFlowTopics.CLOCK_DRIFT, topics.clockDrift(), fleet.clockDrift(), r -> r.meterId());
        send(MeterFlowTopics.ERROR_STATS, topics.errorStats(), fleet.errorStats(), r -> r.meterId());
        send(MeterFlowTopics.ALERTS, topics.alerts(), fleet.alerts(), r -> r.meterId());
        send(MeterFlowTopics.CLOCK_SYNC, topics.clockSync(), fleet.clockSyncs(), r -> r.meterId());
        send(MeterFlowTopics.ALERT_COMMAND_RESULTS, topics.alertCommandResults(), fleet.commandResults(),
                r -> r.meterId());
        send(MeterFlowTopics.INTERVALS_VALIDATED, topics.intervalsValidated(), fleet.validatedIntervals(),
                r -> r.meterId());
        send(MeterFlowTopics.COMPLETENESS, topics.completeness(), fleet.completeness(), r -> r.meterId());
        send(MeterFlowTopics.BACKFILL_REQUESTS, topics.backfillRequests(), fleet.backfillRequests(), r -> r.meterId());
        send(MeterFlowTopics.BACKFILL_OUTCOMES, topics.backfillOutcomes(), fleet.backfillOutcomes(), r -> r.meterId());
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
