package io.meterflow.connect.dlms.push.metrics;

import io.meterflow.connect.dlms.push.apdu.RejectReason;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * A push task's metrics through Connect's plugin metrics (JMX group {@code kafka.connect.plugins}, tagged with
 * connector and task): connections, pushes stored, duplicates dropped, rejections by reason, time from receipt to
 * stored. No per-meter tags.
 */
public final class PushMetrics {

    private final Sensor connections;
    private final Sensor refused;
    private final Sensor pushes;
    private final Sensor duplicates;
    private final Sensor unacknowledged;
    private final Sensor commitLatency;
    private final Map<RejectReason, Sensor> rejected = new EnumMap<>(RejectReason.class);

    public PushMetrics(PluginMetrics metrics, IntSupplier openConnections, IntSupplier knownMeters) {
        connections = count(metrics, "push-connections", "connections-total", "Connections accepted");
        refused = count(metrics, "push-connections-refused", "connections-refused-total",
                "Connections closed at once because max.connections were open");
        pushes = count(metrics, "push-pushes", "pushes-total", "Pushes stored in Kafka and acknowledged");
        pushes.add(name(metrics, "push-rate", "Pushes stored per second", Map.of()), new Rate());
        duplicates = count(metrics, "push-duplicates", "push-duplicates-total",
                "Pushes already stored or on their way (a meter's retry), acknowledged without new records");
        unacknowledged = count(metrics, "push-unacknowledged", "push-unacknowledged-total",
                "Pushes whose records were not stored within commit.timeout.ms; the connection was reset");
        for (RejectReason reason : RejectReason.values()) {
            final Sensor sensor = metrics.addSensor("push-rejected-" + reason.name());
            sensor.add(name(metrics, "push-rejected-total", "Pushes and connections sent to the dead-letter topic, "
                    + "by reason", Map.of("reason", reason.name())), new CumulativeCount());
            rejected.put(reason, sensor);
        }
        commitLatency = metrics.addSensor("push-commit-latency");
        commitLatency.add(name(metrics, "push-commit-latency-avg-ms", "Mean time from receipt to stored in Kafka",
                Map.of()), new Avg());
        commitLatency.add(name(metrics, "push-commit-latency-max-ms", "Longest time from receipt to stored in Kafka",
                Map.of()), new Max());
        metrics.addMetric(name(metrics, "connections-open", "Connections open now", Map.of()),
                (Gauge<Integer>) (config, now) -> openConnections.getAsInt());
        metrics.addMetric(name(metrics, "meters", "Pushing meters the task knows", Map.of()),
                (Gauge<Integer>) (config, now) -> knownMeters.getAsInt());
    }

    private static Sensor count(PluginMetrics metrics, String sensorName, String metric, String description) {
        final Sensor sensor = metrics.addSensor(sensorName);
        sensor.add(name(metrics, metric, description, Map.of()), new CumulativeCount());
        return sensor;
    }

    public void connectionAccepted() {
        connections.record();
    }

    public void connectionRefused() {
        refused.record();
    }

    public void pushStored() {
        pushes.record();
    }

    public void duplicate() {
        duplicates.record();
    }

    public void unacknowledged() {
        unacknowledged.record();
    }

    public void rejected(RejectReason reason) {
        rejected.get(reason).record();
    }

    public void commitLatency(long ms) {
        commitLatency.record(ms);
    }

    private static MetricName name(PluginMetrics metrics, String name, String description, Map<String, String> tags) {
        return metrics.metricName(name, description, new LinkedHashMap<>(tags));
    }
}
