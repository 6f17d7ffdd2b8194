package io.meterflow.streams.errorstats;

import io.meterflow.schema.ErrorStats;

import java.time.Duration;
import java.util.Optional;

/**
 * The {@link ErrorStats} of a closed per-meter window, with the publication rate where the meter has an expected
 * interval.
 *
 * <p>A meter's first window is partial: the meter (or the pipeline) started somewhere inside it, and a rate over the
 * whole window would report a healthy meter as publishing too little. In that window readings are expected from
 * the meter's first reading on. Which window was the first is kept in the meter's state, so a restart does not
 * count a later window as a first one.
 */
public final class MeterWindowResult {

    private MeterWindowResult() {
    }

    public static ErrorStats of(String meterId, OpenWindow window, Optional<Duration> interval, boolean firstWindow) {
        final WindowCounts counts = window.counts();
        final long start = window.start();
        final long end = window.end();
        final Long firstAt = firstWindow ? counts.firstAt() : null;
        // At least one reading is expected in any window of a meter that has an interval. From its first reading on,
        // a meter publishing every interval delivers ceil(rest / interval) readings in its first window.
        final Long expected = interval.map(i -> Math.max(1L, firstAt == null ? (end - start) / i.toMillis()
                : ceilDiv(end - Math.max(start, firstAt), i.toMillis()))).orElse(null);
        final Double publicationPct = expected == null ? null : counts.total() * 100.0 / expected;
        return new ErrorStats(meterId, start, end, counts.total(), counts.failed(), counts.errorPct(), counts.byStatus(),
                expected, publicationPct);
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }
}
