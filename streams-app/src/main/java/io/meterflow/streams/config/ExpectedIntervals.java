package io.meterflow.streams.config;

import io.meterflow.schema.ReadingSource;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How often a meter is expected to report: a per-meter override, else the default of its source (DLMS meters
 * are polled on a schedule; MQTT meters publish at will, so they have no default unless one is configured).
 */
public record ExpectedIntervals(Map<String, Duration> perMeter, Map<ReadingSource, Duration> perSource) {

    public ExpectedIntervals {
        perMeter = Map.copyOf(perMeter);
        perSource = Map.copyOf(perSource);
    }

    public static ExpectedIntervals none() {
        return new ExpectedIntervals(Map.of(), Map.of());
    }

    public Optional<Duration> of(String meterId, ReadingSource source) {
        final Duration own = perMeter.get(meterId);
        if (own != null) {
            return Optional.of(own);
        }
        return Optional.ofNullable(source == null ? null : perSource.get(source));
    }
}
