package io.meterflow.streams.drift;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A meter's recent drift samples in time order, as an immutable list over two {@code long[]}: every reading adds one
 * and fits the trend over all of them, and ten sample objects scattered over the heap (a state is last touched a
 * whole fleet's readings ago) cost more cache misses than the fit costs arithmetic.
 */
public final class DriftSamples extends AbstractList<DriftSample> implements RandomAccess {

    private static final double MS_PER_DAY = 86_400_000.0;

    public static final DriftSamples EMPTY = new DriftSamples(new long[0], new long[0]);

    private final long[] at;
    private final long[] driftMs;

    private DriftSamples(long[] at, long[] driftMs) {
        this.at = at;
        this.driftMs = driftMs;
    }

    /** {@code samples} as they are (in time order, as {@link #with} keeps them and stored states hold them). */
    public static DriftSamples of(List<DriftSample> samples) {
        if (samples instanceof DriftSamples flat) {
            return flat;
        }
        if (samples == null || samples.isEmpty()) {
            return EMPTY;
        }
        final long[] at = new long[samples.size()];
        final long[] drift = new long[at.length];
        for (int i = 0; i < at.length; i++) {
            at[i] = samples.get(i).at();
            drift[i] = samples.get(i).driftMs();
        }
        return new DriftSamples(at, drift);
    }

    /** These samples with {@code sample} inserted in time order (after any of the same time), keeping the newest {@code max}. */
    public DriftSamples with(DriftSample sample, int max) {
        int i = at.length;
        while (i > 0 && at[i - 1] > sample.at()) {
            i--;
        }
        final int size = at.length + 1;
        final int dropped = Math.max(0, size - max);
        final long[] nextAt = new long[size - dropped];
        final long[] nextDrift = new long[nextAt.length];
        for (int from = 0, to = 0; from < size; from++) {
            final long t;
            final long d;
            if (from < i) {
                t = at[from];
                d = driftMs[from];
            } else if (from == i) {
                t = sample.at();
                d = sample.driftMs();
            } else {
                t = at[from - 1];
                d = driftMs[from - 1];
            }
            if (from >= dropped) {
                nextAt[to] = t;
                nextDrift[to] = d;
                to++;
            }
        }
        return new DriftSamples(nextAt, nextDrift);
    }

    /**
     * Least-squares slope of drift over collection time, in seconds per day; null with fewer than two samples
     * at distinct times.
     */
    public Double trendSecondsPerDay() {
        final int n = at.length;
        if (n < 2) {
            return null;
        }
        final long t0 = at[0];
        double meanT = 0;
        double meanD = 0;
        for (int i = 0; i < n; i++) {
            meanT += at[i] - t0;
            meanD += driftMs[i];
        }
        meanT /= n;
        meanD /= n;
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < n; i++) {
            final double dt = at[i] - t0 - meanT;
            covariance += dt * (driftMs[i] - meanD);
            variance += dt * dt;
        }
        if (variance == 0) {
            return null;
        }
        // ms of drift per ms of time = s per s; times the seconds of a day gives s/day.
        return covariance / variance * MS_PER_DAY / 1000.0;
    }

    @Override
    public DriftSample get(int index) {
        return new DriftSample(at[index], driftMs[index]);
    }

    @Override
    public int size() {
        return at.length;
    }
}
