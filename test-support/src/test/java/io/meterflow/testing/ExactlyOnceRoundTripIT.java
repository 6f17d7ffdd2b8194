package io.meterflow.testing;

import io.meterflow.schema.MeterValue;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.testing.kafka.KafkaExtension;
import io.meterflow.testing.kafka.KafkaTestCluster;
import io.meterflow.testing.kafka.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-process broker carries transactional traffic: a transactional producer and an exactly_once_v2
 * Streams application deliver every committed reading exactly once and no aborted one.
 */
@ExtendWith(KafkaExtension.class)
class ExactlyOnceRoundTripIT {

    private static final String INPUT = "eos-it-readings-in";
    private static final String OUTPUT = "eos-it-readings-out";
    private static final int COMMITTED = 3_000;
    /** Recent event times: the broker deletes records older than its retention (7 days) by their timestamp. */
    private static final long START = System.currentTimeMillis() - 3_600_000L;

    @Test
    void committedReadingsArriveExactlyOnceAndAbortedOnesNever(KafkaTestCluster kafka, @TempDir Path stateDir) {
        kafka.createTopics(3, INPUT, OUTPUT);
        final Serde<Reading> serde = MeterFlowTopics.READINGS.valueSerde();
        final List<Reading> sent = produceInTransactions(kafka);

        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream(INPUT, Consumed.with(MeterFlowTopics.READINGS.keySerde(), serde))
                .to(OUTPUT, Produced.with(MeterFlowTopics.READINGS.keySerde(), serde));
        try (KafkaStreams streams = new KafkaStreams(builder.build(), streamsProps(kafka, stateDir))) {
            streams.start();

            final List<ConsumerRecord<String, Reading>> out = TopicRecords.awaitAtLeast(kafka, OUTPUT, COMMITTED,
                    new StringDeserializer(), serde.deserializer(), Duration.ofSeconds(90));
            Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                    TopicRecords.readAll(kafka, OUTPUT, new StringDeserializer(), serde.deserializer()).size() == COMMITTED);

            assertThat(out).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(out).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().meterId()));
            assertThat(out).allSatisfy(r -> assertThat(r.timestamp()).isEqualTo(r.value().collectedAt()));
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(10)));
        }
    }

    private static List<Reading> produceInTransactions(KafkaTestCluster kafka) {
        final List<Reading> committed = new ArrayList<>();
        try (KafkaProducer<String, Reading> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "eos-it-producer",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), MeterFlowTopics.READINGS.valueSerde().serializer())) {
            producer.initTransactions();
            for (int batch = 0; batch < 10; batch++) {
                producer.beginTransaction();
                for (int i = 0; i < COMMITTED / 10; i++) {
                    final Reading r = reading("meter-" + (i % 50), batch * 100_000L + i);
                    producer.send(new ProducerRecord<>(INPUT, null, r.collectedAt(), r.meterId(), r));
                    committed.add(r);
                }
                producer.commitTransaction();

                producer.beginTransaction();
                final Reading aborted = reading("aborted-meter", batch);
                producer.send(new ProducerRecord<>(INPUT, null, aborted.collectedAt(), aborted.meterId(), aborted));
                producer.flush();
                producer.abortTransaction();
            }
        }
        return committed;
    }

    private static Reading reading(String meterId, long n) {
        final long collectedAt = START + n;
        return Reading.ok(meterId, ReadingSource.DLMS, collectedAt, collectedAt - 5, 3,
                List.of(new MeterValue("1.0.1.8.0.255", n, "Wh")));
    }

    private static Properties streamsProps(KafkaTestCluster kafka, Path stateDir) {
        final Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "eos-it-pass-through");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        return p;
    }
}
