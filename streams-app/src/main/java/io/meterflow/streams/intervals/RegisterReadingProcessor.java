package io.meterflow.streams.intervals;

import io.meterflow.schema.MeterValue;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ValidatedInterval;
import io.meterflow.streams.metrics.TopologyMetrics;
import io.meterflow.streams.validation.ConsumptionHistory;
import io.meterflow.streams.validation.RegisterSamples;
import io.meterflow.streams.validation.Validator;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated register as meter-readings reports it (the reading's meter time, else its collection time): it bounds
 * the register around the profile rows for the zero-consumption and sum checks, and may change the verdict of a row
 * judged before it came (the next version is written). A child of the readings' source, sharing the validation stores
 * with {@link IntervalQualityProcessor}: a reading costs no step between.
 *
 * <p>Only the last reading before a capture time and the first after it bound the register there, so a reading is
 * kept in memory until the next one shows whether it was the last of its capture period; the store is read and
 * written once per period and meter, not once per reading. A restart loses the reading in memory: the bounds then
 * come from the readings stored before, looser but still true (the register only grows).
 */
public final class RegisterReadingProcessor implements Processor<String, Reading, String, ValidatedInterval> {

    private final IntervalQualityProcessor.Settings settings;
    private final TopologyMetrics metrics;
    private ProcessorContext<String, ValidatedInterval> context;
    private KeyValueStore<String, ConsumptionHistory> histories;
    private KeyValueStore<String, RegisterSamples> samples;
    private RowVersions versions;
    /** Per meter of this task: its latest register reading (time, value), not stored yet. */
    private final Map<String, double[]> lastReadings = new HashMap<>();
    /** Per meter of this task: its capture period as its stored readings say. */
    private final Map<String, Long> periods = new HashMap<>();

    public RegisterReadingProcessor(IntervalQualityProcessor.Settings settings, TopologyMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, ValidatedInterval> context) {
        this.context = context;
        this.histories = context.getStateStore(settings.historyStore());
        this.samples = context.getStateStore(settings.samplesStore());
        this.versions = new RowVersions(context.getStateStore(settings.rowsStore()), settings.validator(), metrics,
                row -> context.forward(new Record<>(row.meterId(), row, row.capturedAt())));
    }

    @Override
    public void process(Record<String, Reading> record) {
        final Reading reading = record.value();
        if (reading == null || reading.status().isFailure()) {
            return;
        }
        final String register = settings.validator().rules().register();
        for (MeterValue value : reading.values()) {
            if (value.obis().equals(register)) {
                register(reading.meterId(), reading.meterTime() != null ? reading.meterTime() : reading.collectedAt(),
                        value.value());
                return;
            }
        }
    }

    private void register(String meterId, long time, double value) {
        final long periodMs = periods.getOrDefault(meterId, settings.defaultPeriodSeconds() * 1000L);
        final double[] previous = lastReadings.put(meterId, new double[] {time, value});
        final long previousTime = previous == null ? Long.MIN_VALUE : (long) previous[0];
        if (previous != null && time > previousTime
                && Math.floorDiv(previousTime - 1, periodMs) == Math.floorDiv(time - 1, periodMs)) {
            return;
        }
        final RegisterSamples registers = orEmpty(samples.get(meterId));
        if (registers.periodMs() > 0) {
            periods.put(meterId, registers.periodMs());
        }
        final long keepMs = (settings.validator().rules().lookBack() + 2L) * periodMs;
        long before = time;
        if (previous != null && time > previousTime) {
            before = registers.add(previousTime, previous[1], periodMs, keepMs);
        }
        before = Math.min(before, registers.add(time, value, periodMs, keepMs));
        samples.put(meterId, registers);
        if (registers.newestRow() < before) {
            return;
        }
        final ConsumptionHistory history = histories.get(meterId);
        if (history == null) {
            return;
        }
        final Validator validator = settings.validator();
        final long spanMs = (validator.rules().sum() == null ? 0 : validator.rules().sum().span()) * periodMs;
        boolean changed = false;
        final long now = context.currentSystemTimeMs();
        for (Map.Entry<Long, ConsumptionHistory.Mark> row : List.copyOf(history.after(before - 1).entrySet())) {
            if (row.getKey() <= time + spanMs) {
                changed |= versions.judgeAgain(meterId, row.getKey(), history, registers, periodMs, now);
            }
        }
        if (changed) {
            histories.put(meterId, history);
        }
    }

    private static RegisterSamples orEmpty(RegisterSamples stored) {
        return stored == null ? RegisterSamples.empty() : stored;
    }
}
