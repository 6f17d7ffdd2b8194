package io.meterflow.streams.errorstats;

import io.meterflow.schema.ErrorStats;
import io.meterflow.schema.ReadingStatus;

import java.util.EnumMap;
import java.util.Map;

/**
 * The fleet-wide window as the sum of the closed per-meter windows.
 *
 * @param expected          readings expected from the meters that have an expected interval
 * @param receivedOfExpected readings received from those meters
 */
public record FleetCounts(long total, long failed, Map<ReadingStatus, Long> byStatus, long expected,
                          long receivedOfExpected) {

    public static FleetCounts empty() {
        return new FleetCounts(0, 0, Map.of(), 0, 0);
    }

    public FleetCounts add(ErrorStats meter) {
        final Map<ReadingStatus, Long> counts = new EnumMap<>(ReadingStatus.class);
        counts.putAll(byStatus);
        meter.byStatus().forEach((status, n) -> counts.merge(status, n, Long::sum));
        final boolean withExpected = meter.expected() != null;
        return new FleetCounts(total + meter.total(), failed + meter.failed(), counts,
                expected + (withExpected ? meter.expected() : 0), receivedOfExpected + (withExpected ? meter.total() : 0));
    }

    /** Both sums together: the fleet side adds up the per-task sums the per-meter side sends. */
    public FleetCounts plus(FleetCounts other) {
        final Map<ReadingStatus, Long> counts = new EnumMap<>(ReadingStatus.class);
        counts.putAll(byStatus);
        other.byStatus().forEach((status, n) -> counts.merge(status, n, Long::sum));
        return new FleetCounts(total + other.total(), failed + other.failed(), counts, expected + other.expected(),
                receivedOfExpected + other.receivedOfExpected());
    }

    public ErrorStats toStats(long windowStart, long windowEnd) {
        return new ErrorStats(ErrorStats.FLEET, windowStart, windowEnd, total, failed,
                total == 0 ? 0.0 : failed * 100.0 / total, byStatus,
                expected == 0 ? null : expected, expected == 0 ? null : receivedOfExpected * 100.0 / expected);
    }
}
