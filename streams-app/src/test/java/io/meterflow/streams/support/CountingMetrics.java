package io.meterflow.streams.support;

import io.meterflow.schema.AlertState;
import io.meterflow.schema.Severity;
import io.meterflow.streams.metrics.MicrometerTopologyMetrics;
import io.meterflow.streams.metrics.TopologyMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.Locale;

/** The production Micrometer counters on a simple registry, with lookups for assertions. */
public final class CountingMetrics implements TopologyMetrics {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerTopologyMetrics delegate = new MicrometerTopologyMetrics(registry);

    @Override
    public void irregular(Irregular kind) {
        delegate.irregular(kind);
    }

    @Override
    public void transition(String rule, AlertState state, Severity severity) {
        delegate.transition(rule, state, severity);
    }

    public long count(Irregular kind) {
        return (long) registry.get(MicrometerTopologyMetrics.IRREGULAR_RECORDS)
                .tag("kind", kind.name().toLowerCase(Locale.ROOT)).counter().count();
    }

    public long transitions(String rule, AlertState state) {
        return (long) registry.find(MicrometerTopologyMetrics.TRANSITIONS).tag("rule", rule).tag("state", state.name())
                .counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
