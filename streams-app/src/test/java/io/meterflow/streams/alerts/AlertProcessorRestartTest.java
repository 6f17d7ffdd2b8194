package io.meterflow.streams.alerts;

import io.meterflow.schema.Alert;
import io.meterflow.schema.AlertState;
import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.Severity;
import io.meterflow.schema.serde.JsonSerde;
import io.meterflow.streams.config.StreamsAppConfig;
import io.meterflow.streams.meter.MeterState;
import io.meterflow.streams.metrics.TopologyMetrics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.meterflow.streams.support.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The alert processor started on stores restored after a one-hour outage (as after a crash): the wall-clock times
 * in them are an hour old, yet no meter is silent and no alert is NO_DATA before its period has passed since the
 * restart. Punctuators are fired by hand.
 */
class AlertProcessorRestartTest {

    private static final long MIN = 60_000;
    private static final long RESTART = T0 + 60 * MIN;
    private static final AlertRules RULES = AlertRules.parse(AlertTopologyTest.RULES, "test rules");

    private final MockProcessorContext<String, Alert> context = new MockProcessorContext<>();
    private KeyValueStore<String, AlertStatus> alerts;
    private KeyValueStore<String, MeterState> meters;
    private AlertProcessor<Evaluation> processor;

    @BeforeEach
    void restoredStores() {
        alerts = store("alert-state", AlertStatus.class);
        meters = store("meter-state", MeterState.class);
        // Left behind at T0: a FIRING ClockDrift alert of m1, and meter d1's last reading.
        alerts.put(AlertProcessor.key("m1", "ClockDrift"), new AlertStatus("m1", "ClockDrift", AlertState.FIRING,
                Severity.MEDIUM, T0, T0, 2, 0, T0, null, true, 15, T0, AlertWorkflow.NONE));
        meters.put("d1", MeterState.EMPTY.accept(T0, T0, true, ReadingSource.DLMS, 0));
        final StreamsAppConfig config = new StreamsAppConfig(Map.of(StreamsAppConfig.INPUT_PARTITIONS_CONFIG, "1"));
        processor = AlertProcessor.ofEvaluations(new AlertProcessor.Settings("alert-state", "meter-state",
                RULES, Duration.ofMinutes(5).toMillis(), config.expectedIntervals(), Duration.ofSeconds(30),
                Duration.ofMinutes(5)), TopologyMetrics.NONE);
        context.setCurrentSystemTimeMs(RESTART);
        context.setCurrentStreamTimeMs(T0);
        processor.init(context);
    }

    @Test
    void restoredMetersAndAlertsGetTheirFullPeriodFromTheRestart() {
        punctuateEvery30sUntil(RESTART + 3 * MIN);
        assertThat(context.forwarded()).as("no MeterSilent for 63 intervals, no NO_DATA for a 60-minute gap").isEmpty();

        punctuateEvery30sUntil(RESTART + 3 * MIN + 30_000);
        assertThat(forwarded()).extracting(Alert::meterId, Alert::rule, Alert::state, Alert::value)
                .containsExactly(tuple("d1", "MeterSilent", AlertState.FIRING, 3.5));

        punctuateEvery30sUntil(RESTART + 10 * MIN);
        assertThat(forwarded()).extracting(Alert::meterId, Alert::rule, Alert::state, Alert::severity, Alert::at)
                .containsExactly(
                        tuple("d1", "MeterSilent", AlertState.FIRING, Severity.CRITICAL, RESTART + 5 * MIN),
                        tuple("m1", "ClockDrift", AlertState.NO_DATA, Severity.MEDIUM, RESTART + 10 * MIN));
    }

    @Test
    void anAlertRestoredFromTheStoreIsTheOneLaterEvaluationsMove() {
        // The processor knows which alerts are active from the restored store, not only from what it processed.
        processor.process(new Record<>("m1", Evaluation.of("m1", Metric.CLOCK_DRIFT_SECONDS, RESTART, 75.0), RESTART));

        assertThat(forwarded()).extracting(Alert::meterId, Alert::rule, Alert::state, Alert::severity, Alert::since)
                .containsExactly(tuple("m1", "ClockDrift", AlertState.FIRING, Severity.CRITICAL, T0));
    }

    private long wallMs = RESTART;

    private void punctuateEvery30sUntil(long until) {
        while (wallMs < until) {
            wallMs += 30_000;
            context.setCurrentSystemTimeMs(wallMs);
            context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(wallMs));
        }
    }

    private List<Alert> forwarded() {
        final List<Alert> out = context.forwarded().stream().map(f -> (Alert) f.record().value()).toList();
        context.resetForwards();
        return out;
    }

    private <V> KeyValueStore<String, V> store(String name, Class<V> type) {
        final KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), new JsonSerde<>(type)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
