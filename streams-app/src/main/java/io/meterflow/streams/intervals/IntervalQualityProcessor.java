package io.meterflow.streams.intervals;

import io.meterflow.schema.BackfillOutcome;
import io.meterflow.schema.BackfillRequest;
import io.meterflow.schema.Completeness;
import io.meterflow.schema.Interval;
import io.meterflow.schema.IntervalQuality;
import io.meterflow.schema.MeterValue;
import io.meterflow.schema.QualityReason;
import io.meterflow.schema.QualityRule;
import io.meterflow.schema.ValidatedInterval;
import io.meterflow.streams.estimation.LinearInterpolation;
import io.meterflow.streams.ledger.LedgerChanges;
import io.meterflow.streams.ledger.LedgerPolicy;
import io.meterflow.streams.ledger.MeterLedger;
import io.meterflow.streams.ledger.UnrecoverableRun;
import io.meterflow.streams.metrics.TopologyMetrics;
import io.meterflow.streams.time.WallClockGuard;
import io.meterflow.streams.validation.ConsumptionHistory;
import io.meterflow.streams.validation.RegisterSamples;
import io.meterflow.streams.validation.Validator;
import io.meterflow.streams.validation.Verdict;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Per meter: the completeness ledger (meter-completeness), re-read requests and their retries
 * (meter-backfill-requests, answered on meter-backfill-outcomes), validation and estimation
 * (meter-intervals-validated, versioned per row). Keyed by meterId: its inputs are co-partitioned with meter-readings,
 * whose register readings {@link RegisterReadingProcessor} adds to the same stores.
 *
 * <p>Stores: the ledger per meter, the validation history per meter, the register readings per meter, and the latest
 * written version of each row (key {@link #rowKey}), which makes a repeated row (a re-read of a row already there)
 * write nothing and a changed one write the next version. Rows older than the ledger's retention are dropped from it.
 */
public final class IntervalQualityProcessor implements Processor<String, IntervalInput, String, Object> {

    /** Child node names: the sinks of the three output topics. */
    public static final String COMPLETENESS_NODE = "completeness-sink";
    public static final String REQUESTS_NODE = "backfill-requests-sink";
    public static final String VALIDATED_NODE = "intervals-validated-sink";

    private static final Logger LOG = LoggerFactory.getLogger(IntervalQualityProcessor.class);
    /**
     * The fleet gauge counts the capture times of the last day that are at least an hour overdue ("completeness at
     * T+1h"): over the whole retention a fleet-wide hour of lost rows would move it by well under one percent.
     */
    static final Duration FLEET_WINDOW = Duration.ofHours(24);
    static final Duration FLEET_WINDOW_ENDS_AGO = Duration.ofHours(1);

    /** Store names and what the processor judges with. */
    public record Settings(String ledgerStore, String historyStore, String samplesStore, String rowsStore,
                           LedgerPolicy policy, Validator validator, int defaultPeriodSeconds,
                           Duration punctuationInterval, Duration catchUpLag) {
    }

    private final Settings settings;
    private final TopologyMetrics metrics;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, MeterLedger> ledgers;
    private KeyValueStore<String, ConsumptionHistory> histories;
    private KeyValueStore<String, RegisterSamples> samples;
    private KeyValueStore<String, ValidatedInterval> rows;
    private WallClockGuard guard;
    private RowVersions versions;

    public IntervalQualityProcessor(Settings settings, TopologyMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.ledgers = context.getStateStore(settings.ledgerStore());
        this.histories = context.getStateStore(settings.historyStore());
        this.samples = context.getStateStore(settings.samplesStore());
        this.rows = context.getStateStore(settings.rowsStore());
        this.versions = new RowVersions(rows, settings.validator(), metrics,
                row -> context.forward(new Record<>(row.meterId(), (Object) row, row.capturedAt()), VALIDATED_NODE));
        this.guard = new WallClockGuard(settings.catchUpLag().toMillis(), settings.punctuationInterval().toMillis(),
                "interval ledger of task " + context.taskId());
        context.schedule(settings.punctuationInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, IntervalInput> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        final long now = context.currentSystemTimeMs();
        guard.processed(now);
        if (record.value() instanceof IntervalInput.Row row) {
            row(row.interval(), now);
        } else if (record.value() instanceof IntervalInput.Outcome outcome) {
            outcome(outcome.outcome(), now);
        }
    }

    private void row(Interval interval, long now) {
        final String meterId = interval.meterId();
        MeterLedger ledger = ledgers.get(meterId);
        if (ledger == null) {
            ledger = MeterLedger.empty(meterId, interval.capturePeriodSeconds() != null
                    ? interval.capturePeriodSeconds() : settings.defaultPeriodSeconds());
        } else if (interval.capturePeriodSeconds() != null && interval.capturePeriodSeconds() != ledger.periodSeconds()) {
            LOG.debug("Row of {} at {} has capture period {} s, the ledger counts in {} s", meterId,
                    interval.capturedAt(), interval.capturePeriodSeconds(), ledger.periodSeconds());
        }
        final LedgerChanges changes = new LedgerChanges();
        ledger.row(interval.capturedAt(), context.currentStreamTimeMs(), now, settings.policy(), changes);
        validate(interval, ledger.periodSeconds() * 1000L, now);
        estimate(ledger, changes, now);
        ledgers.put(meterId, ledger);
        publish(ledger, changes, now);
    }

    private void outcome(BackfillOutcome outcome, long now) {
        final MeterLedger ledger = ledgers.get(outcome.meterId());
        final LedgerChanges changes = new LedgerChanges();
        final boolean current = ledger != null && ledger.outcome(outcome, now, settings.policy(), changes);
        metrics.backfillOutcome(outcome.result(), current);
        if (!current) {
            LOG.debug("Outcome {} of {} attempt {} is not for an attempt in flight: ignored", outcome.result(),
                    outcome.requestId(), outcome.attempt());
            return;
        }
        estimate(ledger, changes, now);
        ledgers.put(outcome.meterId(), ledger);
        publish(ledger, changes, now);
    }

    /** Validates a real row and writes its version, unless the same row was written before. */
    private void validate(Interval interval, long periodMs, long now) {
        final String meterId = interval.meterId();
        final long t = interval.capturedAt();
        final ValidatedInterval stored = versions.latest(meterId, t);
        if (stored != null && stored.provenance() != null && stored.values().equals(interval.values())
                && stored.flags().equals(interval.flags())) {
            return;
        }
        final ConsumptionHistory history = orEmpty(histories.get(meterId));
        final RegisterSamples registers = samples(meterId);
        final int lookBack = settings.validator().rules().lookBack();
        history.put(t, new ConsumptionHistory.Mark(registerValue(interval.values()), 0), lookBack, periodMs);
        final Verdict verdict = settings.validator().judge(t, interval.flags(), history, registers, periodMs);
        history.put(t, new ConsumptionHistory.Mark(registerValue(interval.values()), verdict.rules()), lookBack, periodMs);
        versions.write(ValidatedInterval.of(interval, verdict.quality(), verdict.reasons(), RowVersions.nextVersion(stored),
                now));
        for (Map.Entry<Long, ConsumptionHistory.Mark> later : List.copyOf(history.after(t).entrySet())) {
            versions.judgeAgain(meterId, later.getKey(), history, registers, periodMs, now);
        }
        registers.rowSeen(t, periodMs);
        histories.put(meterId, history);
        samples.put(meterId, registers);
    }

    /** Fills each unrecoverable run between two real rows with interpolated rows; the ledger marks it ESTIMATED. */
    private void estimate(MeterLedger ledger, LedgerChanges changes, long now) {
        for (UnrecoverableRun run : changes.estimable()) {
            final ValidatedInterval before = versions.latest(ledger.meterId(), run.before());
            final ValidatedInterval after = versions.latest(ledger.meterId(), run.after());
            if (before == null || after == null || before.provenance() == null || after.provenance() == null) {
                continue;
            }
            final QualityReason reason = new QualityReason(QualityRule.LINEAR_INTERPOLATION, "interpolated between the"
                    + " rows at " + Instant.ofEpochMilli(run.before()) + " and " + Instant.ofEpochMilli(run.after()));
            for (long t = run.from(); t <= run.to(); t += run.periodMs()) {
                final List<MeterValue> values = LinearInterpolation.between(run.before(), before.values(), run.after(),
                        after.values(), t);
                versions.write(new ValidatedInterval(ledger.meterId(), t, values, List.of(), null, null,
                        ledger.periodSeconds(), IntervalQuality.ESTIMATED, List.of(reason),
                        RowVersions.nextVersion(versions.latest(ledger.meterId(), t)), now));
            }
            ledger.estimated(run, now, changes);
        }
    }

    private void punctuate(long wallMs) {
        final long streamTime = context.currentStreamTimeMs();
        final long clock = guard.mayJudge(wallMs, streamTime) ? Math.max(streamTime, wallMs) : streamTime;
        final List<String> meters = new ArrayList<>();
        try (KeyValueIterator<String, MeterLedger> all = ledgers.all()) {
            all.forEachRemaining(entry -> meters.add(entry.key));
        }
        long covered = 0;
        long expected = 0;
        for (String meterId : meters) {
            final MeterLedger ledger = ledgers.get(meterId);
            final long keptFrom = ledger.retentionStart(settings.policy());
            final LedgerChanges changes = new LedgerChanges();
            ledger.punctuate(clock, wallMs, settings.policy(), changes);
            estimate(ledger, changes, wallMs);
            if (changes.changed() || ledger.retentionStart(settings.policy()) != keptFrom) {
                ledgers.put(meterId, ledger);
                publish(ledger, changes, wallMs);
                dropRowsBefore(meterId, ledger.retentionStart(settings.policy()));
            }
            final long[] coverage = ledger.coverage(wallMs - FLEET_WINDOW.plus(FLEET_WINDOW_ENDS_AGO).toMillis(),
                    wallMs - FLEET_WINDOW_ENDS_AGO.toMillis());
            covered += coverage[0];
            expected += coverage[1];
        }
        metrics.completeness(context.taskId().toString(), covered, expected);
    }

    /** A task that moves away stops counting in this instance's fleet ratio. */
    @Override
    public void close() {
        metrics.completeness(context.taskId().toString(), 0, 0);
    }

    private void publish(MeterLedger ledger, LedgerChanges changes, long now) {
        final List<Long> kept = ledger.days();
        for (long day : changes.days()) {
            if (kept.contains(day)) {
                final Completeness completeness = ledger.completeness(day, now);
                context.forward(new Record<>(ledger.meterId(), (Object) completeness, now), COMPLETENESS_NODE);
            }
        }
        for (BackfillRequest request : changes.requests()) {
            metrics.backfillRequested(request.reason(), request.attempt());
            context.forward(new Record<>(request.meterId(), (Object) request, request.requestedAt()), REQUESTS_NODE);
        }
    }

    private void dropRowsBefore(String meterId, long keepFrom) {
        final List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, ValidatedInterval> range = rows.range(RowVersions.rowKey(meterId, 0),
                RowVersions.rowKey(meterId, keepFrom))) {
            range.forEachRemaining(entry -> old.add(entry.key));
        }
        old.forEach(rows::delete);
    }

    private RegisterSamples samples(String meterId) {
        final RegisterSamples stored = samples.get(meterId);
        return stored == null ? RegisterSamples.empty() : stored;
    }

    private double registerValue(List<MeterValue> values) {
        for (MeterValue value : values) {
            if (value.obis().equals(settings.validator().rules().register())) {
                return value.value();
            }
        }
        return Double.NaN;
    }

    private static ConsumptionHistory orEmpty(ConsumptionHistory history) {
        return history == null ? ConsumptionHistory.empty() : history;
    }
}
