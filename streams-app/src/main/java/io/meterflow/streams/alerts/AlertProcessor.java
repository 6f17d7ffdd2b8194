package io.meterflow.streams.alerts;

import io.meterflow.schema.Alert;
import io.meterflow.streams.config.ExpectedIntervals;
import io.meterflow.streams.metrics.TopologyMetrics;
import io.meterflow.streams.time.WallClockGuard;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs the {@link AlertStateMachine} of every (meter, rule) and writes only the transitions. The state lives in a
 * changelogged store, so under exactly_once_v2 a transition is written exactly once across restarts.
 *
 * <p>A wall-clock punctuation does what no record can: it evaluates {@code silent_intervals} for every meter with an
 * expected interval (when this processor has the meter-state store) and moves quiet active alerts to NO_DATA. Both
 * measure processing time — when the app received a meter's last reading or evaluated an alert — never event time,
 * and the {@link WallClockGuard} holds them back after a restart and while a backlog is replayed.
 *
 * <p>Most evaluations are of alerts that are INACTIVE, which the store holds as absent keys. The keys that are present
 * are also kept in memory (rebuilt from the restored store when the task starts), so an evaluation of an inactive
 * alert costs no store read: that read was a tenth of the topology's time in the benchmark.
 */
public final class AlertProcessor<V> implements Processor<String, V, String, Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertProcessor.class);
    private static final char KEY_SEPARATOR = '\u001f';

    /** What the processor needs: its stores, the rules, the default window and the meters' expected intervals. */
    public record Settings(String alertStore, String meterStore, AlertRules rules, long defaultWindowMs,
                           ExpectedIntervals intervals, Duration punctuationInterval, Duration catchUpLag) {
    }

    private final Settings settings;
    private final Function<V, List<Evaluation>> evaluationsOf;
    private final TopologyMetrics metrics;
    private final Map<String, AlertRule> rulesByName;
    private final List<AlertRule> silenceRules;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, AlertStatus> alerts;
    private Set<String> activeKeys;
    private KeyValueStore<String, ? extends MeterActivity> meters;
    private WallClockGuard guard;

    /**
     * @param evaluationsOf the evaluations a record brings: the processor takes its parent's records as they are, so
     *                      that no step between them costs a forward per evaluation
     */
    public AlertProcessor(Settings settings, Function<V, List<Evaluation>> evaluationsOf, TopologyMetrics metrics) {
        this.settings = settings;
        this.evaluationsOf = evaluationsOf;
        this.metrics = metrics;
        this.rulesByName = settings.rules().rules().stream().collect(Collectors.toMap(AlertRule::name, Function.identity()));
        this.silenceRules = settings.meterStore() == null ? List.of() : settings.rules().forMetric(Metric.SILENT_INTERVALS);
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.alerts = context.getStateStore(settings.alertStore());
        this.activeKeys = new HashSet<>();
        try (KeyValueIterator<String, AlertStatus> all = alerts.all()) {
            all.forEachRemaining(kv -> activeKeys.add(kv.key));
        }
        this.meters = settings.meterStore() == null ? null : context.getStateStore(settings.meterStore());
        this.guard = new WallClockGuard(settings.catchUpLag().toMillis(), settings.punctuationInterval().toMillis(),
                "task " + context.taskId() + " " + settings.alertStore());
        final boolean noDataRules = settings.rules().rules().stream().anyMatch(r -> r.noDataAfter() != null);
        if (noDataRules || !silenceRules.isEmpty()) {
            context.schedule(settings.punctuationInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
        }
    }

    /** An alert processor fed {@link Evaluation}s. */
    public static AlertProcessor<Evaluation> ofEvaluations(Settings settings, TopologyMetrics metrics) {
        return new AlertProcessor<>(settings, List::of, metrics);
    }

    @Override
    public void process(Record<String, V> record) {
        if (record.value() == null) {
            return;
        }
        guard.processed(context.currentSystemTimeMs());
        for (Evaluation evaluation : evaluationsOf.apply(record.value())) {
            evaluate(evaluation);
        }
    }

    private void evaluate(Evaluation evaluation) {
        for (AlertRule rule : settings.rules().rules()) {
            if (rule.appliesTo(evaluation, settings.defaultWindowMs())) {
                final String key = key(evaluation.meterId(), rule.name());
                apply(key, AlertStateMachine.evaluate(rule, stored(key), evaluation, context.currentSystemTimeMs()));
            }
        }
    }

    private void punctuate(long wallMs) {
        if (!guard.mayJudge(wallMs, context.currentStreamTimeMs())) {
            return;
        }
        checkNoData(wallMs);
        checkSilence(wallMs);
    }

    private void checkNoData(long wallMs) {
        final List<KeyValue<String, AlertStatus>> active = new ArrayList<>();
        try (KeyValueIterator<String, AlertStatus> it = alerts.all()) {
            it.forEachRemaining(active::add);
        }
        for (KeyValue<String, AlertStatus> entry : active) {
            final AlertRule rule = rulesByName.get(entry.value.rule());
            if (rule == null) {
                LOG.info("Dropping state of alert {} of meter {}: the rule is no longer in the rules file",
                        entry.value.rule(), entry.value.meterId());
                delete(entry.key);
            } else {
                final long quietMs = guard.silentFor(wallMs, entry.value.lastSeenWallMs());
                apply(entry.key, AlertStateMachine.checkNoData(rule, entry.value, quietMs, wallMs));
            }
        }
    }

    private void checkSilence(long wallMs) {
        if (silenceRules.isEmpty()) {
            return;
        }
        final List<Evaluation> evaluations = new ArrayList<>();
        try (KeyValueIterator<String, ? extends MeterActivity> it = meters.all()) {
            it.forEachRemaining(kv -> silence(kv.key, kv.value, wallMs).ifPresent(evaluations::add));
        }
        for (Evaluation evaluation : evaluations) {
            for (AlertRule rule : silenceRules) {
                final String key = key(evaluation.meterId(), rule.name());
                apply(key, AlertStateMachine.evaluate(rule, stored(key), evaluation, wallMs));
            }
        }
    }

    private Optional<Evaluation> silence(String meterId, MeterActivity state, long wallMs) {
        return settings.intervals().of(meterId, state.source()).map(interval -> Evaluation.of(meterId,
                Metric.SILENT_INTERVALS, wallMs,
                guard.silentFor(wallMs, state.lastAnsweredWallMs()) / (double) interval.toMillis()));
    }

    private AlertStatus stored(String key) {
        return activeKeys.contains(key) ? alerts.get(key) : null;
    }

    private void delete(String key) {
        alerts.delete(key);
        activeKeys.remove(key);
    }

    private void apply(String key, AlertStateMachine.Step step) {
        if (step.changed()) {
            if (step.next() == null) {
                delete(key);
            } else {
                alerts.put(key, step.next());
                activeKeys.add(key);
            }
        }
        final Alert transition = step.transition();
        if (transition != null) {
            LOG.debug("Alert {} of {} -> {} {}", transition.rule(), transition.meterId(), transition.state(),
                    transition.severity());
            metrics.transition(transition.rule(), transition.state(), transition.severity());
            context.forward(new Record<>(transition.meterId(), transition, transition.at()));
        }
    }

    static String key(String meterId, String rule) {
        return meterId + KEY_SEPARATOR + rule;
    }
}
