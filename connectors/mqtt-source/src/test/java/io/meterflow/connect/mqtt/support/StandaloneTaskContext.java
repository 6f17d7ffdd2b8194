package io.meterflow.connect.mqtt.support;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import java.util.Map;

/**
 * What a Connect worker gives a source task, for driving the task directly in a test: real Kafka metrics
 * (the same PluginMetrics implementation the worker uses), readable by name.
 */
public final class StandaloneTaskContext implements SourceTaskContext, AutoCloseable {

    private final Map<String, String> configs;
    private final Metrics metrics = new Metrics();
    private final PluginMetricsImpl pluginMetrics;

    public StandaloneTaskContext(Map<String, String> configs) {
        this.configs = configs;
        this.pluginMetrics = new PluginMetricsImpl(metrics, Map.of("connector", "test", "task", "0"));
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
        throw new UnsupportedOperationException("the MQTT source keeps no state in Connect offsets");
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return pluginMetrics;
    }

    /** The current value of the task's plugin metric {@code name}. */
    public double metric(String name) {
        for (Map.Entry<MetricName, KafkaMetric> e : metrics.metrics().entrySet()) {
            if (e.getKey().name().equals(name) && "plugins".equals(e.getKey().group())) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        throw new IllegalArgumentException("no plugin metric " + name + " in " + metrics.metrics().keySet());
    }

    @Override
    public void close() {
        metrics.close();
    }
}
