package io.meterflow.bench.e2e;

import java.util.Arrays;

/** Latency samples (ms) of one hop in one step; thread-safe, percentiles by sorting (a step has few thousand). */
final class Latencies {

    private long[] samples = new long[1024];
    private int size;

    synchronized void add(long ms) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = ms;
    }

    synchronized void clear() {
        size = 0;
    }

    synchronized int count() {
        return size;
    }

    /** The p-th percentile (0..100), or -1 without samples. */
    synchronized long percentile(double p) {
        if (size == 0) {
            return -1;
        }
        final long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        return sorted[(int) Math.min(size - 1, Math.ceil(p / 100.0 * size) - 1 < 0 ? 0 : Math.ceil(p / 100.0 * size) - 1)];
    }

    /** "p50 / p99 ms (n)" */
    String summary() {
        return count() == 0 ? "–" : percentile(50) + " / " + percentile(99) + " (" + count() + ")";
    }
}
