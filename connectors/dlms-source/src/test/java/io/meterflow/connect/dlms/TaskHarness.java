package io.meterflow.connect.dlms;

import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs a {@link DlmsSourceTask} outside a worker, the way a worker drives it (start, poll in a loop, stop),
 * collecting what it returns; the plugin metrics go to a real Kafka {@link Metrics} registry.
 */
final class TaskHarness implements AutoCloseable {

    private final DlmsSourceTask task = new DlmsSourceTask();
    private final List<SourceRecord> records = new CopyOnWriteArrayList<>();
    private final Metrics metrics = new Metrics();
    private final Thread poller;
    private volatile boolean running = true;

    TaskHarness(Map<String, String> taskProps, Map<Map<String, Object>, Map<String, Object>> committedOffsets) {
        final PluginMetrics pluginMetrics = new PluginMetricsImpl(metrics, Map.of("connector", "test", "task", "0"));
        task.initialize(new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return taskProps;
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return new OffsetStorageReader() {
                    @Override
                    public <T> Map<String, Object> offset(Map<String, T> partition) {
                        return committedOffsets.get(partition);
                    }

                    @Override
                    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                        final Map<Map<String, T>, Map<String, Object>> found = new java.util.HashMap<>();
                        partitions.forEach(p -> found.put(p, committedOffsets.get(p)));
                        return found;
                    }
                };
            }

            @Override
            public PluginMetrics pluginMetrics() {
                return pluginMetrics;
            }
        });
        task.start(taskProps);
        poller = new Thread(() -> {
            while (running) {
                try {
                    final List<SourceRecord> batch = task.poll();
                    if (batch != null) {
                        records.addAll(batch);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "task-harness-poll");
        poller.start();
    }

    List<SourceRecord> records() {
        return new ArrayList<>(records);
    }

    List<SourceRecord> records(String topic) {
        return records.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    /** The value of a plugin metric by name and tags (a subset of its tags). */
    double metric(String name, Map<String, String> tags) {
        for (Map.Entry<org.apache.kafka.common.MetricName, KafkaMetric> e : metrics.metrics().entrySet()) {
            if (e.getKey().name().equals(name) && e.getKey().tags().entrySet().containsAll(tags.entrySet())) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        throw new IllegalArgumentException("no metric " + name + " " + tags);
    }

    /** Stops the task the way a worker does, and collects what it still hands over. */
    void stopTask() throws InterruptedException {
        task.stop();
        running = false;
        poller.join(5_000);
        List<SourceRecord> rest;
        while ((rest = task.poll()) != null) {
            records.addAll(rest);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (running) {
            stopTask();
        }
        metrics.close();
    }
}
