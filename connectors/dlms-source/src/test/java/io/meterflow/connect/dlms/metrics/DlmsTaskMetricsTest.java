package io.meterflow.connect.dlms.metrics;

import io.meterflow.schema.ReadingStatus;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The meter-count gauges, as JMX reads them from a real Kafka metrics registry. */
class DlmsTaskMetricsTest {

    private final Metrics registry = new Metrics();
    private final DlmsTaskMetrics metrics = new DlmsTaskMetrics(
            new PluginMetricsImpl(registry, Map.of("connector", "dlms", "task", "0")), () -> 0);

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void aMeterCountsByItsLatestCycleHoweverManyCyclesCameBefore() {
        metrics.polling(List.of("a", "b", "c", "d"));
        for (int i = 0; i < 20; i++) {
            metrics.cycle("a", ReadingStatus.OK, 10);
        }
        metrics.cycle("b", ReadingStatus.TIMEOUT, 0);
        metrics.cycle("c", ReadingStatus.OK, 10);
        metrics.cycle("c", ReadingStatus.UNREACHABLE, 0);
        metrics.cycle("d", ReadingStatus.AUTH_FAILED, 0);

        assertThat(gauge("meters")).isEqualTo(4);
        assertThat(gauge("meters-silent")).isEqualTo(2);
        assertThat(gauge("meters-failing")).isEqualTo(3);

        metrics.cycle("b", ReadingStatus.OK, 10);
        assertThat(gauge("meters-silent")).as("b answered again").isEqualTo(1);
        assertThat(gauge("meters-failing")).isEqualTo(2);
    }

    @Test
    void aMeterNotYetPolledIsNeitherSilentNorFailing() {
        metrics.polling(List.of("a", "b"));
        metrics.cycle("a", ReadingStatus.TIMEOUT, 0);

        assertThat(gauge("meters")).isEqualTo(2);
        assertThat(gauge("meters-silent")).isEqualTo(1);
    }

    @Test
    void afterPollingStoppedACycleStillFinishingBringsNoMeterBack() {
        metrics.polling(List.of("a", "b"));
        metrics.cycle("a", ReadingStatus.TIMEOUT, 0);
        metrics.pollingStopped();
        metrics.cycle("b", ReadingStatus.TIMEOUT, 0);

        assertThat(gauge("meters")).isZero();
        assertThat(gauge("meters-silent")).isZero();
        assertThat(gauge("meters-failing")).isZero();
    }

    private int gauge(String name) {
        final KafkaMetric metric = registry.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name)).map(Map.Entry::getValue).findFirst().orElseThrow();
        return ((Number) metric.metricValue()).intValue();
    }
}
