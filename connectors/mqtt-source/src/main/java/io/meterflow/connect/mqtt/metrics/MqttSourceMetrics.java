package io.meterflow.connect.mqtt.metrics;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Rate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The task's metrics, registered through Connect's plugin metrics (KIP-877): JMX
 * {@code kafka.connect:type=plugins,connector=<name>,task=<id>}. No per-meter tags.
 */
public final class MqttSourceMetrics implements AutoCloseable {

    private final PluginMetrics metrics;
    private final Sensor messages;
    private final Sensor bytes;
    private final Sensor badPayloads;
    private final Sensor reconnects;
    private final Sensor takeovers;
    private final List<MetricName> gauges = new ArrayList<>();

    public MqttSourceMetrics(PluginMetrics metrics) {
        this.metrics = metrics;
        this.messages = countAndRate("messages", "MQTT messages received");
        this.bytes = countAndRate("bytes", "payload bytes received");
        this.badPayloads = countAndRate("bad-payloads", "payloads that could not be mapped (sent to the DLQ)");
        this.reconnects = countAndRate("reconnects", "reconnections after a lost MQTT connection");
        this.takeovers = countAndRate("takeovers", "sessions given up because another client used their client id");
    }

    private Sensor countAndRate(String name, String what) {
        final Sensor sensor = metrics.addSensor(name);
        sensor.add(metricName(name + "-total", "Total " + what), new CumulativeSum());
        sensor.add(metricName(name + "-rate", "Per second: " + what), new Rate());
        return sensor;
    }

    /** A gauge read on demand, e.g. the unacknowledged messages of all sessions. */
    public void gauge(String name, String description, IntSupplier value) {
        final MetricName metric = metricName(name, description);
        metrics.addMetric(metric, (Gauge<Integer>) (config, now) -> value.getAsInt());
        gauges.add(metric);
    }

    private MetricName metricName(String name, String description) {
        return metrics.metricName(name, description, new LinkedHashMap<>());
    }

    /** Once per poll: recording per message would cost the task thread more than the metric is worth. */
    public void received(int messageCount, long payloadBytes) {
        messages.record(messageCount);
        bytes.record(payloadBytes);
    }

    public void badPayload() {
        badPayloads.record();
    }

    public void reconnected() {
        reconnects.record();
    }

    public void takeover() {
        takeovers.record();
    }

    @Override
    public void close() {
        for (String sensor : new String[]{"messages", "bytes", "bad-payloads", "reconnects", "takeovers"}) {
            metrics.removeSensor(sensor);
        }
        gauges.forEach(metrics::removeMetric);
    }
}
