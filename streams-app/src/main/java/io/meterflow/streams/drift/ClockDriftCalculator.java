package io.meterflow.streams.drift;

import io.meterflow.schema.Reading;

import java.util.List;

/** Clock drift of one reading and the drift trend over recent samples. */
public final class ClockDriftCalculator {

    private static final double MS_PER_DAY = 86_400_000.0;

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
     * at distinct times.
     */
    public static Double trendSecondsPerDay(List<DriftSample> samples) {
        if (samples.size() < 2) {
            return null;
        }
        final long t0 = samples.get(0).at();
        double meanT = 0;
        double meanD = 0;
        for (DriftSample s : samples) {
            meanT += s.at() - t0;
            meanD += s.driftMs();
        }
        meanT /= samples.size();
        meanD /= samples.size();
        double covariance = 0;
        double variance = 0;
        for (DriftSample s : samples) {
            final double dt = s.at() - t0 - meanT;
            covariance += dt * (s.driftMs() - meanD);
            variance += dt * dt;
        }
        if (variance == 0) {
            return null;
        }
        // ms of drift per ms of time = s per s; times the seconds of a day gives s/day.
        return covariance / variance * MS_PER_DAY / 1000.0;
    }
}
