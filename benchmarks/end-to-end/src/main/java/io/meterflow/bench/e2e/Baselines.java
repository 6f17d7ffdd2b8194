package io.meterflow.bench.e2e;

import io.meterflow.schema.Reading;
import io.meterflow.schema.serde.MeterFlowJson;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The two baselines, on the run's broker and database, with reading records the pipeline itself wrote to
 * meter-readings in this run: a bare Kafka producer → consumer of those records (3 partitions, acks=all, the
 * producer's defaults otherwise), and a bare JDBC batch insert of the same readings as rows of an unpartitioned copy of
 * reading_history (primary key, no triggers, batches of 500, one transaction per batch).
 */
final class Baselines {

    /** Records/s and the latency produce → consume (ms) of the Kafka baseline; rows/s of the JDBC one. */
    record Result(double kafkaPerSecond, long kafkaP50, long kafkaP99, double jdbcRowsPerSecond) {
    }

    private Baselines() {
    }

    static Result run(String bootstrapServers, String jdbcUrl, List<byte[]> sample, int records) throws Exception {
        if (sample.isEmpty()) {
            throw new IllegalStateException("no reading records captured for the baselines");
        }
        final Latencies latencies = new Latencies();
        final double kafka = kafka(bootstrapServers, sample, records, latencies);
        final double jdbc = jdbc(jdbcUrl, sample, records);
        return new Result(kafka, latencies.percentile(50), latencies.percentile(99), jdbc);
    }

    private static double kafka(String bootstrapServers, List<byte[]> sample, int records, Latencies latencies)
            throws Exception {
        final String topic = "e2e-baseline-" + System.currentTimeMillis();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new StringDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                     ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            final List<TopicPartition> partitions = IntStream.range(0, 3).mapToObj(p -> new TopicPartition(topic, p))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            partitions.forEach(consumer::position);
            final Thread sender = new Thread(() -> {
                for (int i = 0; i < records; i++) {
                    producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), "m-" + (i % 100_000),
                            sample.get(i % sample.size())));
                }
                producer.flush();
            }, "e2e-baseline-producer");
            final long start = System.nanoTime();
            sender.start();
            long received = 0;
            final long deadline = System.currentTimeMillis() + 300_000;
            while (received < records && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    received++;
                    latencies.add(System.currentTimeMillis() - r.timestamp());
                }
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            sender.join();
            return received / seconds;
        }
    }

    private static double jdbc(String jdbcUrl, List<byte[]> sample, int records) throws SQLException {
        final List<Reading> readings = sample.stream().map(Baselines::reading).toList();
        try (Connection c = DriverManager.getConnection(jdbcUrl + "?ApplicationName=e2e-baseline-jdbc", "postgres",
                "")) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS e2e_baseline_reading");
                s.execute("CREATE TABLE e2e_baseline_reading (LIKE reading_history INCLUDING DEFAULTS, "
                        + "PRIMARY KEY (meter_id, collected_at))");
            }
            c.setAutoCommit(false);
            final long start = System.nanoTime();
            final long base = System.currentTimeMillis();
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO e2e_baseline_reading (meter_id, collected_at, source, meter_time, latency_ms, status,
                                                      error, reading_values)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING""")) {
                for (int i = 0; i < records; i++) {
                    final Reading r = readings.get(i % readings.size());
                    ps.setString(1, r.meterId());
                    ps.setObject(2, OffsetDateTime.ofInstant(Instant.ofEpochMilli(base + i), ZoneOffset.UTC));
                    ps.setString(3, r.source().name());
                    if (r.meterTime() == null) {
                        ps.setNull(4, Types.TIMESTAMP_WITH_TIMEZONE);
                    } else {
                        ps.setObject(4, OffsetDateTime.ofInstant(Instant.ofEpochMilli(r.meterTime()), ZoneOffset.UTC));
                    }
                    ps.setLong(5, r.latencyMs());
                    ps.setString(6, r.status().name());
                    ps.setString(7, r.error());
                    ps.setString(8, MeterFlowJson.mapper().writeValueAsString(r.values()));
                    ps.addBatch();
                    if (i % 500 == 499 || i == records - 1) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE e2e_baseline_reading");
            }
            c.commit();
            return records / seconds;
        }
    }

    private static Reading reading(byte[] json) {
        try {
            return MeterFlowJson.mapper().readValue(json, Reading.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
