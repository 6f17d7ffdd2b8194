package io.meterflow.streams.drift;

import io.meterflow.schema.Reading;

import java.util.List;

/** Clock drift of one reading and the drift trend over recent samples. */
public final class ClockDriftCalculator {

    private ClockDriftCalculator() {
    }

    /**
     * meterTime minus the midpoint of the request: the meter answered somewhere between sending and receiving,
     * and the midpoint (collectedAt − latencyMs/2) is the best estimate of when it read its clock.
     */
    public static long driftMs(Reading reading) {
        final long midpoint = reading.collectedAt() - reading.latencyMs() / 2;
        return reading.meterTime() - midpoint;
    }

    /**
     * Least-squares slope of drift over collection time, in seconds per day; null with fewer than two samples
     * at distinct times (see {@link DriftSamples#trendSecondsPerDay()}).
     */
    public static Double trendSecondsPerDay(List<DriftSample> samples) {
        return DriftSamples.of(samples).trendSecondsPerDay();
    }
}
