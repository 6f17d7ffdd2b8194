package io.meterflow.streams.errors;

import io.meterflow.schema.ErrorStats;
import io.meterflow.streams.config.ExpectedIntervals;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Duration;
import java.util.Optional;

/**
 * Turns a closed per-meter window into its {@link ErrorStats}, keyed by meter, timestamped with the window end,
 * with the publication rate where the meter has an expected interval.
 */
public final class MeterWindowResult implements Processor<Windowed<String>, WindowCounts, String, ErrorStats> {

    private final ExpectedIntervals intervals;
    private ProcessorContext<String, ErrorStats> context;

    public MeterWindowResult(ExpectedIntervals intervals) {
        this.intervals = intervals;
    }

    @Override
    public void init(ProcessorContext<String, ErrorStats> context) {
        this.context = context;
    }

    @Override
    public void process(Record<Windowed<String>, WindowCounts> record) {
        final WindowCounts counts = record.value();
        if (counts == null) {
            return;
        }
        final String meterId = record.key().key();
        final long start = record.key().window().start();
        final long end = record.key().window().end();
        final Optional<Duration> interval = intervals.of(meterId, counts.source());
        // At least one reading is expected in any window of a meter that has an interval.
        final Long expected = interval.map(i -> Math.max(1L, (end - start) / i.toMillis())).orElse(null);
        final Double publicationPct = expected == null ? null : counts.total() * 100.0 / expected;
        context.forward(new Record<>(meterId, new ErrorStats(meterId, start, end, counts.total(), counts.failed(),
                counts.errorPct(), counts.byStatus(), expected, publicationPct), end));
    }
}
