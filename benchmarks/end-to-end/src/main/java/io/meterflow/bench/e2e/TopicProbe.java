package io.meterflow.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.schema.serde.MeterFlowJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads meter-readings and meter-alerts as they arrive (no group, from the end): counts every reading, and for the
 * probe meters (MQTT probes and every DLMS meter) takes reading → topic as arrival here minus the reading's
 * meterTime (the meter's clock when it took the values; the simulated clocks are exact, on this machine), and for
 * the alert probes reading → alert as the arrival of their first CounterReset transition minus the time the load
 * published the reset. Keeps the first {@code sampleSize} reading values for the baselines.
 */
final class TopicProbe implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final MqttLoad load;
    private final AtomicLong readings = new AtomicLong();
    private final AtomicLong dlmsReadings = new AtomicLong();
    private final AtomicLong alerts = new AtomicLong();
    final Latencies toTopicMqtt = new Latencies();
    final Latencies toTopicDlms = new Latencies();
    final Latencies toAlert = new Latencies();
    private final Set<String> alerted = new HashSet<>();
    private final List<byte[]> sample = new ArrayList<>();
    private final int sampleSize;
    private volatile boolean running = true;

    TopicProbe(String bootstrapServers, MqttLoad load, int sampleSize) {
        this.load = load;
        this.sampleSize = sampleSize;
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        final List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of("meter-readings", "meter-alerts")) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(this::run, "e2e-topic-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                final long now = System.currentTimeMillis();
                final String key = r.key() == null ? "" : r.key();
                if (r.topic().equals("meter-readings")) {
                    readings.incrementAndGet();
                    final boolean dlms = key.startsWith("dlms-");
                    if (dlms) {
                        dlmsReadings.incrementAndGet();
                    }
                    synchronized (sample) {
                        if (sample.size() < sampleSize && key.startsWith(MqttLoad.FLEET)) {
                            sample.add(r.value());
                        }
                    }
                    if (dlms || key.startsWith(MqttLoad.PROBE)) {
                        final long readAt = readingTime(r.value());
                        if (readAt > 0) {
                            (dlms ? toTopicDlms : toTopicMqtt).add(now - readAt);
                        }
                    }
                } else {
                    alerts.incrementAndGet();
                    if (key.startsWith(MqttLoad.RESET) && alerted.add(key)) {
                        final Long resetAt = load.resetReadingAt(key);
                        if (resetAt != null) {
                            toAlert.add(now - resetAt);
                        }
                    }
                }
            }
        }
    }

    private static long readingTime(byte[] value) {
        try {
            final JsonNode reading = MeterFlowJson.mapper().readTree(value);
            final JsonNode meterTime = reading.path("meterTime");
            return meterTime.isNumber() ? meterTime.asLong() : reading.path("collectedAt").asLong(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    long readings() {
        return readings.get();
    }

    long dlmsReadings() {
        return dlmsReadings.get();
    }

    long alerts() {
        return alerts.get();
    }

    List<byte[]> sample() {
        synchronized (sample) {
            return List.copyOf(sample);
        }
    }

    void clearLatencies() {
        toTopicMqtt.clear();
        toTopicDlms.clear();
        toAlert.clear();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
        consumer.close();
    }
}
