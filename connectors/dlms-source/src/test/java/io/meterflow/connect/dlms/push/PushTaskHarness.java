package io.meterflow.connect.dlms.push;

import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs a {@link DlmsPushSourceTask} the way a worker drives it: start, poll in a loop, and {@code commitRecord} for
 * what it polled once "Kafka stored it" (at once, or only after {@link #storeAgain} when storing is held back).
 * Plugin metrics go to a real Kafka {@link Metrics} registry; committed offsets are the records' offsets.
 */
final class PushTaskHarness implements AutoCloseable {

    private final DlmsPushSourceTask task = new DlmsPushSourceTask();
    private final List<SourceRecord> stored = new CopyOnWriteArrayList<>();
    private final List<SourceRecord> held = new ArrayList<>();
    private final Map<Map<String, ?>, Map<String, Object>> offsets = new HashMap<>();
    private final Metrics metrics = new Metrics();
    private final Thread poller;
    private volatile boolean running = true;
    private volatile boolean storing = true;

    PushTaskHarness(Map<String, String> props) {
        final PluginMetrics pluginMetrics = new PluginMetricsImpl(metrics, Map.of("connector", "test", "task", "0"));
        task.initialize(new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return props;
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return new OffsetStorageReader() {
                    @Override
                    public <T> Map<String, Object> offset(Map<String, T> partition) {
                        synchronized (offsets) {
                            return offsets.get(partition);
                        }
                    }

                    @Override
                    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> parts) {
                        final Map<Map<String, T>, Map<String, Object>> found = new HashMap<>();
                        parts.forEach(p -> found.put(p, offset(p)));
                        return found;
                    }
                };
            }

            @Override
            public PluginMetrics pluginMetrics() {
                return pluginMetrics;
            }
        });
        task.start(props);
        poller = new Thread(this::pollLoop, "push-harness-poll");
        poller.start();
    }

    private void pollLoop() {
        while (running) {
            try {
                final List<SourceRecord> batch = task.poll();
                if (batch != null) {
                    synchronized (held) {
                        held.addAll(batch);
                        if (storing) {
                            storeHeld();
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void storeHeld() {
        for (SourceRecord record : held) {
            stored.add(record);
            synchronized (offsets) {
                offsets.put(record.sourcePartition(), new HashMap<>(record.sourceOffset()));
            }
            task.commitRecord(record, null);
        }
        held.clear();
    }

    int port() {
        return task.listenPort();
    }

    /** From now on polled records are not stored (Kafka is slow or away). */
    void holdBackStoring() {
        storing = false;
    }

    /** Stores what was held back, and everything from now on. */
    void storeAgain() {
        synchronized (held) {
            storing = true;
            storeHeld();
        }
    }

    List<SourceRecord> stored(String topic) {
        return stored.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    /** The value of a plugin metric by name and a subset of its tags. */
    double metric(String name, Map<String, String> tags) {
        for (Map.Entry<org.apache.kafka.common.MetricName, KafkaMetric> e : metrics.metrics().entrySet()) {
            if (e.getKey().name().equals(name) && e.getKey().tags().entrySet().containsAll(tags.entrySet())) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        throw new IllegalArgumentException("no metric " + name + " " + tags);
    }

    @Override
    public void close() throws InterruptedException {
        task.stop();
        running = false;
        poller.join(5_000);
        metrics.close();
    }
}
