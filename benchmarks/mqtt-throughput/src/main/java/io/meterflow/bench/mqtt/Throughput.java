package io.meterflow.bench.mqtt;

import java.util.function.LongSupplier;

/**
 * Steady-state rate of a drain: the time between 10 % and 90 % of the messages having arrived, so connection
 * set-up and the last stragglers count for neither side.
 */
final class Throughput {

    private Throughput() {
    }

    /** Messages per second while {@code progress} goes from 10 % to 90 % of {@code total}. */
    static double measure(LongSupplier progress, long total, long timeoutMs) throws InterruptedException {
        final long low = total / 10;
        final long high = total * 9 / 10;
        final long deadline = System.currentTimeMillis() + timeoutMs;
        long lowAt = -1;
        while (System.currentTimeMillis() < deadline) {
            final long now = System.nanoTime();
            final long done = progress.getAsLong();
            if (lowAt < 0 && done >= low) {
                lowAt = now;
            }
            if (done >= high) {
                return (high - low) / ((now - lowAt) / 1e9);
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("drain did not reach 90 % of " + total + " within " + timeoutMs + " ms (at "
                + progress.getAsLong() + ")");
    }
}
