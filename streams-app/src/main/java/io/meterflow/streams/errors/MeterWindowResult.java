package io.meterflow.streams.errors;

import io.meterflow.schema.ErrorStats;
import io.meterflow.streams.config.ExpectedIntervals;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.Optional;

/**
 * Turns a closed per-meter window into its {@link ErrorStats}, keyed by meter, timestamped with the window end,
 * with the publication rate where the meter has an expected interval.
 *
 * <p>A meter's first window is partial: the meter (or the pipeline) started somewhere inside it, and a rate over the
 * whole window would report a healthy meter as publishing too little. In that window readings are expected from
 * the meter's first reading on. The first window of each meter is remembered in a changelogged store, so a restart
 * does not count a later window as a first one.
 */
public final class MeterWindowResult implements Processor<Windowed<String>, WindowCounts, String, ErrorStats> {

    private final ExpectedIntervals intervals;
    private final String firstWindowStore;
    private ProcessorContext<String, ErrorStats> context;
    private KeyValueStore<String, Long> firstWindows;

    /** @param firstWindowStore meter id to the start of the meter's first window */
    public MeterWindowResult(ExpectedIntervals intervals, String firstWindowStore) {
        this.intervals = intervals;
        this.firstWindowStore = firstWindowStore;
    }

    @Override
    public void init(ProcessorContext<String, ErrorStats> context) {
        this.context = context;
        this.firstWindows = context.getStateStore(firstWindowStore);
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
        final Long firstStart = firstWindows.get(meterId);
        if (firstStart == null) {
            firstWindows.put(meterId, start);
        }
        final boolean firstWindow = firstStart == null || start <= firstStart;
        final Long firstAt = firstWindow ? counts.firstAt() : null;
        // At least one reading is expected in any window of a meter that has an interval. From its first reading on,
        // a meter publishing every interval delivers ceil(rest / interval) readings in its first window.
        final Long expected = interval.map(i -> Math.max(1L, firstAt == null ? (end - start) / i.toMillis()
                : ceilDiv(end - Math.max(start, firstAt), i.toMillis()))).orElse(null);
        final Double publicationPct = expected == null ? null : counts.total() * 100.0 / expected;
        context.forward(new Record<>(meterId, new ErrorStats(meterId, start, end, counts.total(), counts.failed(),
                counts.errorPct(), counts.byStatus(), expected, publicationPct), end));
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }
}
