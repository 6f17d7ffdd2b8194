package io.meterflow.streams.errorstats;

import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.ReadingStatus;
import io.meterflow.schema.Reading;

import java.util.EnumMap;
import java.util.Map;

/**
 * Running counts of one meter's readings in one window (the window aggregate).
 *
 * @param firstAt the earliest {@code collectedAt} counted, null for an empty window (or state from before the field)
 */
public record WindowCounts(long total, long failed, Map<ReadingStatus, Long> byStatus, ReadingSource source,
                           Long firstAt) {

    public static WindowCounts empty() {
        return new WindowCounts(0, 0, Map.of(), null, null);
    }

    public WindowCounts add(Reading reading) {
        final Map<ReadingStatus, Long> counts = new EnumMap<>(ReadingStatus.class);
        counts.putAll(byStatus);
        counts.merge(reading.status(), 1L, Long::sum);
        return new WindowCounts(total + 1, failed + (reading.status().isFailure() ? 1 : 0), counts, reading.source(),
                firstAt == null ? reading.collectedAt() : Math.min(firstAt, reading.collectedAt()));
    }

    public double errorPct() {
        return total == 0 ? 0.0 : failed * 100.0 / total;
    }
}
