package io.meterflow.streams.metrics;

import io.meterflow.schema.AlertState;
import io.meterflow.schema.Severity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@link TopologyMetrics} as Micrometer counters: {@code meterflow_streams_records_total{kind}} and
 * {@code meterflow_streams_alert_transitions_total{rule,state,severity}}. No per-meter tags (cardinality).
 */
public final class MicrometerTopologyMetrics implements TopologyMetrics {

    public static final String IRREGULAR_RECORDS = "meterflow.streams.records";
    public static final String TRANSITIONS = "meterflow.streams.alert.transitions";

    private final MeterRegistry registry;
    private final Map<Irregular, Counter> irregular = new EnumMap<>(Irregular.class);

    public MicrometerTopologyMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Irregular kind : Irregular.values()) {
            irregular.put(kind, Counter.builder(IRREGULAR_RECORDS)
                    .description("Readings that were late, out of order or duplicates")
                    .tag("kind", kind.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    @Override
    public void irregular(Irregular kind) {
        irregular.get(kind).increment();
    }

    @Override
    public void transition(String rule, AlertState state, Severity severity) {
        Counter.builder(TRANSITIONS)
                .description("Alert state transitions written to meter-alerts")
                .tag("rule", rule)
                .tag("state", state.name())
                .tag("severity", severity.name())
                .register(registry)
                .increment();
    }
}
