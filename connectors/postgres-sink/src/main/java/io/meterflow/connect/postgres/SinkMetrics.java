package io.meterflow.connect.postgres;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;

import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** The task's Connect plugin metrics (KIP-877), exported by the worker over JMX. */
final class SinkMetrics {

    private final Sensor written;
    private final Sensor deadLettered;
    private final Sensor replayed;
    private final Sensor expired;
    private final Sensor transientFailures;
    private final AtomicBoolean databaseAvailable = new AtomicBoolean(true);

    SinkMetrics(PluginMetrics metrics) {
        written = counter(metrics, "records-written-total", "Records written into the read model.");
        deadLettered = counter(metrics, "records-dead-lettered-total",
                "Records that broke their schema and went to the dead-letter queue.");
        replayed = counter(metrics, "records-replayed-skipped-total",
                "Redelivered records skipped because the database already held their offsets.");
        expired = counter(metrics, "history-rows-expired-total",
                "History rows not written because they are older than the retention.");
        transientFailures = counter(metrics, "database-transient-failures-total",
                "Batches that failed on a transient database error and are retried.");
        if (metrics != null) {
            final MetricName name = metrics.metricName("database-available",
                    "1 while the last write to PostgreSQL succeeded, 0 while it is being retried.", new LinkedHashMap<>());
            metrics.addMetric(name, (Gauge<Integer>) (config, now) -> databaseAvailable.get() ? 1 : 0);
        }
    }

    private static Sensor counter(PluginMetrics metrics, String name, String description) {
        if (metrics == null) {
            return null;
        }
        final Sensor sensor = metrics.addSensor(name);
        sensor.add(metrics.metricName(name, description, new LinkedHashMap<>()), new CumulativeSum());
        return sensor;
    }

    void written(int n) {
        record(written, n);
        databaseAvailable.set(true);
    }

    void deadLettered(int n) {
        record(deadLettered, n);
    }

    void replayed(int n) {
        record(replayed, n);
    }

    void expired(int n) {
        record(expired, n);
    }

    void transientFailure() {
        record(transientFailures, 1);
        databaseAvailable.set(false);
    }

    private static void record(Sensor sensor, int n) {
        if (sensor != null && n > 0) {
            sensor.record(n);
        }
    }
}
