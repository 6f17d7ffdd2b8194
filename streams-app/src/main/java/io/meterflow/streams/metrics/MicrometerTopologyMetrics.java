package io.meterflow.streams.metrics;

import io.meterflow.schema.AlertState;
import io.meterflow.schema.BackfillReason;
import io.meterflow.schema.BackfillResult;
import io.meterflow.schema.IntervalQuality;
import io.meterflow.schema.QualityRule;
import io.micrometer.core.instrument.Gauge;
import io.meterflow.schema.Severity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@link TopologyMetrics} as Micrometer counters: {@code meterflow_streams_records_total{kind}} and
 * {@code meterflow_streams_alert_transitions_total{rule,state,severity}}. No per-meter tags (cardinality).
 */
public final class MicrometerTopologyMetrics implements TopologyMetrics {

    public static final String IRREGULAR_RECORDS = "meterflow.streams.records";
    public static final String TRANSITIONS = "meterflow.streams.alert.transitions";
    public static final String BACKFILL_REQUESTS = "meterflow.backfill.requests";
    public static final String BACKFILL_OUTCOMES = "meterflow.backfill.outcomes";
    public static final String VALIDATED_ROWS = "meterflow.intervals.validated";
    public static final String RULE_HITS = "meterflow.intervals.validation.rule.hits";
    public static final String FLEET_COMPLETENESS = "meterflow.ledger.fleet.completeness.ratio";
    public static final String LEDGER_EXPECTED = "meterflow.ledger.expected.rows";
    /** Attempts are bucketed so the label stays bounded whatever backfill.max.attempts is. */
    private static final int LAST_ATTEMPT_BUCKET = 4;

    private final MeterRegistry registry;
    private final Map<Irregular, Counter> irregular = new EnumMap<>(Irregular.class);

    /** Per task: rows received or estimated, and rows expected, at its latest punctuation. */
    private final Map<String, long[]> ledgerTotals = new ConcurrentHashMap<>();

    public MicrometerTopologyMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(FLEET_COMPLETENESS, this, m -> m.ratio())
                .description("Rows received or estimated per row expected, over every meter and the capture times of the last"
                        + " 24 hours that are at least an hour overdue (NaN before the first ledger punctuation)")
                .register(registry);
        Gauge.builder(LEDGER_EXPECTED, this, m -> m.ledgerTotals.values().stream().mapToLong(t -> t[1]).sum())
                .description("Rows the ledger expects over every meter and the completeness ratio's window")
                .register(registry);
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

    @Override
    public void backfillRequested(BackfillReason reason, int attempt) {
        Counter.builder(BACKFILL_REQUESTS)
                .description("Re-read requests written to meter-backfill-requests")
                .tag("reason", reason.name())
                .tag("attempt", attempt >= LAST_ATTEMPT_BUCKET ? LAST_ATTEMPT_BUCKET + "+" : String.valueOf(attempt))
                .register(registry)
                .increment();
    }

    @Override
    public void backfillOutcome(BackfillResult result, boolean current) {
        Counter.builder(BACKFILL_OUTCOMES)
                .description("Outcomes read from meter-backfill-outcomes (stale: not the attempt in flight, ignored)")
                .tag("result", result.name())
                .tag("stale", String.valueOf(!current))
                .register(registry)
                .increment();
    }

    @Override
    public void validated(IntervalQuality quality, List<QualityRule> rules) {
        Counter.builder(VALIDATED_ROWS)
                .description("Row versions written to meter-intervals-validated")
                .tag("quality", quality.name())
                .register(registry)
                .increment();
        for (QualityRule rule : rules) {
            Counter.builder(RULE_HITS)
                    .description("Reasons given on meter-intervals-validated, by rule")
                    .tag("rule", rule.name())
                    .register(registry)
                    .increment();
        }
    }

    @Override
    public void completeness(String task, long covered, long expected) {
        ledgerTotals.put(task, new long[] {covered, expected});
    }

    private double ratio() {
        long covered = 0;
        long expected = 0;
        for (long[] totals : ledgerTotals.values()) {
            covered += totals[0];
            expected += totals[1];
        }
        return expected == 0 ? Double.NaN : Math.min(1.0, (double) covered / expected);
    }
}
