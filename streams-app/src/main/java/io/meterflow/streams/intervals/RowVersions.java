package io.meterflow.streams.intervals;

import io.meterflow.schema.QualityReason;
import io.meterflow.schema.ValidatedInterval;
import io.meterflow.streams.metrics.TopologyMetrics;
import io.meterflow.streams.validation.ConsumptionHistory;
import io.meterflow.streams.validation.RegisterSamples;
import io.meterflow.streams.validation.Validator;
import io.meterflow.streams.validation.Verdict;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.function.Consumer;

/**
 * The latest written version of each row (the rows store) and writing the next one: shared by the processor of the
 * rows and the one of the register readings, which may both change a row's verdict.
 */
final class RowVersions {

    private final KeyValueStore<String, ValidatedInterval> rows;
    private final Validator validator;
    private final TopologyMetrics metrics;
    private final Consumer<ValidatedInterval> forward;

    RowVersions(KeyValueStore<String, ValidatedInterval> rows, Validator validator, TopologyMetrics metrics,
                Consumer<ValidatedInterval> forward) {
        this.rows = rows;
        this.validator = validator;
        this.metrics = metrics;
        this.forward = forward;
    }

    ValidatedInterval latest(String meterId, long capturedAt) {
        return rows.get(rowKey(meterId, capturedAt));
    }

    void write(ValidatedInterval row) {
        rows.put(rowKey(row.meterId(), row.capturedAt()), row);
        metrics.validated(row.quality(), row.reasons().stream().map(QualityReason::rule).toList());
        forward.accept(row);
    }

    /** Judges a real row again; writes its next version when the rules it breaks changed. */
    boolean judgeAgain(String meterId, long t, ConsumptionHistory history, RegisterSamples registers, long periodMs,
                       long now) {
        final ConsumptionHistory.Mark mark = history.at(t);
        final ValidatedInterval stored = latest(meterId, t);
        if (mark == null || stored == null || stored.provenance() == null) {
            return false;
        }
        final Verdict verdict = validator.judge(t, stored.flags(), history, registers, periodMs);
        if (verdict.rules() == mark.rules()) {
            return false;
        }
        history.put(t, new ConsumptionHistory.Mark(mark.value(), verdict.rules()), validator.rules().lookBack(), periodMs);
        write(new ValidatedInterval(meterId, t, stored.values(), stored.flags(), stored.clockOffsetMs(),
                stored.provenance(), stored.capturePeriodSeconds(), verdict.quality(), verdict.reasons(),
                stored.version() + 1, now));
        return true;
    }

    static int nextVersion(ValidatedInterval stored) {
        return stored == null ? 1 : stored.version() + 1;
    }

    /** Key of a row in the rows store: sorts by meter, then capture time (fixed width), for range deletes. */
    static String rowKey(String meterId, long capturedAt) {
        // "%015d" without String.format, which cost more than the store read it keys (once or more per row).
        final String digits = Long.toString(Math.max(0, capturedAt));
        final StringBuilder key = new StringBuilder(meterId.length() + 16).append(meterId).append('\u0000');
        for (int i = digits.length(); i < 15; i++) {
            key.append('0');
        }
        return key.append(digits).toString();
    }
}
