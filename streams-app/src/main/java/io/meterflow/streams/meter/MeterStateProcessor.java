package io.meterflow.streams.meter;

import io.meterflow.schema.ClockDrift;
import io.meterflow.schema.ErrorStats;
import io.meterflow.schema.MeterValue;
import io.meterflow.schema.RateKind;
import io.meterflow.schema.Reading;
import io.meterflow.streams.alerts.Evaluation;
import io.meterflow.streams.alerts.Metric;
import io.meterflow.streams.config.ExpectedIntervals;
import io.meterflow.streams.drift.ClockDriftCalculator;
import io.meterflow.streams.drift.DriftSample;
import io.meterflow.streams.errorstats.MeterWindowResult;
import io.meterflow.streams.errorstats.OpenWindow;
import io.meterflow.streams.errorstats.WindowCloseIndex;
import io.meterflow.streams.metrics.TopologyMetrics;
import io.meterflow.streams.metrics.TopologyMetrics.Irregular;
import io.meterflow.streams.rates.RateCalculator;
import io.meterflow.streams.rates.RegisterPoint;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per meter, in reading order: drops duplicates and readings beyond the late horizon, derives rates of the
 * cumulative registers and the clock drift with its trend, and the evaluations of the per-reading alert metrics;
 * counts each reading in its error-stats windows and writes every window once, when window time has passed its end
 * plus grace (the windows of all the task's meters close as the task's readings advance window time, so a closed
 * window is keyed by its own meter, not by the reading that closed it). Every output carries its own event time as
 * record timestamp.
 */
public final class MeterStateProcessor implements Processor<String, Reading, String, MeterOutput> {

    private static final Logger LOG = LoggerFactory.getLogger(MeterStateProcessor.class);

    /** What the processor needs from the configuration and the rules. */
    public record Settings(Set<String> rateObis, RateCalculator rates, long lateHorizonMs, List<Duration> windowSizes,
                           Duration grace, ExpectedIntervals intervals, int driftSamples, boolean evaluateDrift,
                           boolean evaluateResets) {
    }

    private final String storeName;
    private final Settings settings;
    private final TopologyMetrics metrics;
    private ProcessorContext<String, MeterOutput> context;
    private KeyValueStore<String, MeterState> store;
    private WindowCloseIndex closing;

    public MeterStateProcessor(String storeName, Settings settings, TopologyMetrics metrics) {
        this.storeName = storeName;
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, MeterOutput> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        // Stores are restored before init, so the index matches the state this task resumes from.
        this.closing = WindowCloseIndex.rebuild(store, settings.grace().toMillis());
    }

    @Override
    public void process(Record<String, Reading> record) {
        final Reading reading = record.value();
        if (reading == null) {
            return;
        }
        final MeterState before = orEmpty(store.get(reading.meterId()));
        switch (before.admit(reading.collectedAt(), settings.lateHorizonMs())) {
            case LATE -> {
                LOG.debug("Late reading of {} collected at {} dropped", reading.meterId(), reading.collectedAt());
                metrics.irregular(Irregular.LATE);
                return;
            }
            case DUPLICATE -> {
                LOG.debug("Duplicate reading of {} collected at {} dropped", reading.meterId(), reading.collectedAt());
                metrics.irregular(Irregular.DUPLICATE);
                return;
            }
            case NEW -> {
            }
        }
        MeterState after = before.accept(reading.collectedAt(), context.currentSystemTimeMs(),
                !reading.status().isFailure(), reading.source(), settings.lateHorizonMs());
        after = countInWindows(reading, after);
        after = deriveRates(record, reading, after);
        after = deriveDrift(record, reading, after);
        store.put(reading.meterId(), after);
        closeWindows();
    }

    private MeterState countInWindows(Reading reading, MeterState state) {
        closing.advance(reading.collectedAt());
        boolean late = false;
        MeterState after = state;
        for (Duration size : settings.windowSizes()) {
            final OpenWindow window = after.windowAt(reading.collectedAt(), size.toMillis());
            if (closing.closed(window)) {
                late = true;
            } else {
                if (window.counts().total() == 0) {
                    closing.opened(reading.meterId(), window);
                }
                after = after.withWindow(window.add(reading));
            }
        }
        if (late) {
            // Its window has been written; rates and drift still use it.
            metrics.irregular(Irregular.LATE);
        }
        return after;
    }

    private void closeWindows() {
        for (WindowCloseIndex.Due due : closing.pollClosed()) {
            final MeterState state = store.get(due.meterId());
            final OpenWindow window = state == null ? null : state.openWindow(due.sizeMs(), due.start());
            if (window == null) {
                LOG.warn("Window {} of size {} ms of meter {} was due to close but is not in its state",
                        due.start(), due.sizeMs(), due.meterId());
                continue;
            }
            final ErrorStats stats = MeterWindowResult.of(due.meterId(), window,
                    settings.intervals().of(due.meterId(), window.counts().source()), state.isFirst(window));
            store.put(due.meterId(), state.withClosed(window));
            final Record<String, MeterOutput> closed = new Record<>(due.meterId(), new MeterOutput.WindowStats(stats),
                    stats.windowEnd());
            context.forward(closed, MeterOutput.WINDOW_STATS_NODE);
            context.forward(closed, MeterOutput.METER_ALERTS_NODE);
        }
    }

    private MeterState deriveRates(Record<String, Reading> record, Reading reading, MeterState state) {
        final long time = reading.meterTime() != null ? reading.meterTime() : reading.collectedAt();
        final Map<String, RegisterPoint> updates = new HashMap<>();
        int rates = 0;
        int resets = 0;
        for (MeterValue value : reading.values()) {
            if (!settings.rateObis().contains(value.obis()) || updates.containsKey(value.obis())) {
                continue;
            }
            final RegisterPoint current = new RegisterPoint(time, value.value(), value.unit());
            final RegisterPoint previous = state.registers().get(value.obis());
            if (previous == null) {
                updates.put(value.obis(), current);
                continue;
            }
            final RateCalculator.Outcome outcome = settings.rates().next(reading.meterId(), value.obis(), previous, current);
            if (outcome instanceof RateCalculator.NewRate newRate) {
                updates.put(value.obis(), current);
                rates++;
                if (newRate.rate().kind() == RateKind.RESET) {
                    resets++;
                }
                context.forward(record.withValue((MeterOutput) new MeterOutput.RateOut(newRate.rate()))
                        .withTimestamp(newRate.rate().to()), MeterOutput.RATES_NODE);
            } else {
                metrics.irregular(outcome instanceof RateCalculator.Duplicate ? Irregular.DUPLICATE : Irregular.OUT_OF_ORDER);
            }
        }
        if (rates > 0 && settings.evaluateResets()) {
            evaluate(record, Evaluation.of(reading.meterId(), Metric.COUNTER_RESET, reading.collectedAt(), resets));
        }
        return state.withRegisters(updates);
    }

    private MeterState deriveDrift(Record<String, Reading> record, Reading reading, MeterState state) {
        if (reading.meterTime() == null) {
            return state;
        }
        final long driftMs = ClockDriftCalculator.driftMs(reading);
        final MeterState after = state.withDriftSample(new DriftSample(reading.collectedAt(), driftMs),
                settings.driftSamples());
        final ClockDrift drift = new ClockDrift(reading.meterId(), reading.collectedAt(), driftMs,
                ClockDriftCalculator.trendSecondsPerDay(after.drift()), after.drift().size());
        context.forward(record.withValue((MeterOutput) new MeterOutput.DriftOut(drift))
                .withTimestamp(reading.collectedAt()), MeterOutput.DRIFT_NODE);
        if (settings.evaluateDrift()) {
            evaluate(record, Evaluation.of(reading.meterId(), Metric.CLOCK_DRIFT_SECONDS, reading.collectedAt(),
                    Math.abs(driftMs) / 1000.0));
        }
        return after;
    }

    private void evaluate(Record<String, Reading> record, Evaluation evaluation) {
        context.forward(record.withValue((MeterOutput) new MeterOutput.EvaluationOut(evaluation))
                .withTimestamp(evaluation.at()), MeterOutput.METER_ALERTS_NODE);
    }

    private static MeterState orEmpty(MeterState state) {
        return state == null ? MeterState.EMPTY : state;
    }
}
