package io.meterflow.streams.errorstats;

import io.meterflow.schema.ErrorStats;

/**
 * What the per-meter side sends to the fleet roll-up through its repartition topic: the sum of the per-meter windows
 * of one window start that one task closed since its last watermark ({@code windowStart} and {@code counts}); a
 * watermark — "partition {@code partition} has reached stream time {@code watermark}, so every per-meter window of
 * it that closes by then has been sent"; or an idle mark — "partition {@code partition} has no new data".
 * {@code stats}, a single closed per-meter window, is what builds before the per-task sums sent; the fleet side
 * still adds such records, left in the repartition topic by an older instance.
 */
public record FleetMessage(ErrorStats stats, Integer partition, Long watermark, boolean idle, Long windowStart,
                           FleetCounts counts) {

    public static FleetMessage of(ErrorStats stats) {
        return new FleetMessage(stats, null, null, false, null, null);
    }

    public static FleetMessage partial(long windowStart, FleetCounts counts) {
        return new FleetMessage(null, null, null, false, windowStart, counts);
    }

    public static FleetMessage watermark(int partition, long streamTime) {
        return new FleetMessage(null, partition, streamTime, false, null, null);
    }

    public static FleetMessage idle(int partition) {
        return new FleetMessage(null, partition, null, true, null, null);
    }
}
