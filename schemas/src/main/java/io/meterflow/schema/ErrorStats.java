package io.meterflow.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A value of {@code meter-error-stats}: one closed tumbling window for a meter, or for the fleet ({@link #FLEET}).
 *
 * @param expected       readings expected in the window, null when the meter has no expected interval
 * @param publicationPct received ÷ expected × 100, null when the meter has no expected interval
 */
public record ErrorStats(
        String meterId,
        long windowStart,
        long windowEnd,
        long total,
        long failed,
        double errorPct,
        Map<ReadingStatus, Long> byStatus,
        Long expected,
        Double publicationPct) implements MeterRecord {

    /** The key and meterId of fleet-wide windows. */
    public static final String FLEET = "*";

    public ErrorStats {
        Objects.requireNonNull(meterId, "meterId");
        final EnumMap<ReadingStatus, Long> ordered = new EnumMap<>(ReadingStatus.class);
        if (byStatus != null) {
            ordered.putAll(byStatus);
        }
        byStatus = Collections.unmodifiableMap(ordered);
    }

    @Override
    @JsonIgnore
    public long eventTime() {
        return windowEnd;
    }
}
