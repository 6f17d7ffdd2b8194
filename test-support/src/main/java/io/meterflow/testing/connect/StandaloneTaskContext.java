package io.meterflow.testing.connect;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What a Connect worker gives a source task, for driving the task without a worker (tests, benchmark harnesses):
 * its config, the offsets stored for its source partitions, and real Kafka plugin metrics (the same
 * {@link PluginMetrics} implementation the worker uses), readable by name.
 */
public final class StandaloneTaskContext implements SourceTaskContext, AutoCloseable {

    private final Map<String, String> configs;
    private final Function<Map<String, ?>, Map<String, Object>> storedOffset;
    private final Metrics metrics = new Metrics();
    private final PluginMetricsImpl pluginMetrics;

    /** A task that has never stored an offset: every meter or session is new to it. */
    public StandaloneTaskContext(Map<String, String> configs) {
        this(configs, partition -> null);
    }

    /**
     * @param storedOffset the offset stored for a source partition, null where none is; asked at each read, so
     *                     a harness can store offsets while the task runs
     */
    public StandaloneTaskContext(Map<String, String> configs, Function<Map<String, ?>, Map<String, Object>> storedOffset) {
        this.configs = configs;
        this.storedOffset = storedOffset;
        this.pluginMetrics = new PluginMetricsImpl(metrics, Map.of("connector", "standalone", "task", "0"));
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
        return new OffsetStorageReader() {
            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                return storedOffset.apply(partition);
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                final Map<Map<String, T>, Map<String, Object>> found = new HashMap<>();
                partitions.forEach(partition -> found.put(partition, storedOffset.apply(partition)));
                return found;
            }
        };
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return pluginMetrics;
    }

    /** The current value of the task's plugin metric {@code name} (the first, if several carry other tags). */
    public double metric(String name) {
        return metric(name, Map.of());
    }

    /** The current value of the task's plugin metric {@code name} whose tags include {@code tags}. */
    public double metric(String name, Map<String, String> tags) {
        for (Map.Entry<MetricName, KafkaMetric> e : metrics.metrics().entrySet()) {
            final MetricName metric = e.getKey();
            if (metric.name().equals(name) && "plugins".equals(metric.group())
                    && metric.tags().entrySet().containsAll(tags.entrySet())) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        throw new IllegalArgumentException("no plugin metric " + name + " " + tags + " in " + metrics.metrics().keySet());
    }

    @Override
    public void close() {
        metrics.close();
    }
}
