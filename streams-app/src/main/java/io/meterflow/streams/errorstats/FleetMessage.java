package io.meterflow.streams.errorstats;

import io.meterflow.schema.ErrorStats;

/**
 * What the per-meter side sends to the fleet roll-up through its repartition topic: a closed per-meter window; a
 * watermark — "partition {@code partition} has reached stream time {@code watermark}, so every per-meter window of
 * it that closes by then has been sent"; or an idle mark — "partition {@code partition} has no new data".
 */
public record FleetMessage(ErrorStats stats, Integer partition, Long watermark, boolean idle) {

    public static FleetMessage of(ErrorStats stats) {
        return new FleetMessage(stats, null, null, false);
    }

    public static FleetMessage watermark(int partition, long streamTime) {
        return new FleetMessage(null, partition, streamTime, false);
    }

    public static FleetMessage idle(int partition) {
        return new FleetMessage(null, partition, null, true);
    }
}
