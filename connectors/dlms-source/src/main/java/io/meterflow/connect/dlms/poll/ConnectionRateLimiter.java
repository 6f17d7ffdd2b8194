package io.meterflow.connect.dlms.poll;

/**
 * Spaces new connections evenly: at most {@code perSecond} starts per second across a task's pollers. A poller
 * that needs a new association waits for its slot.
 */
final class ConnectionRateLimiter {

    private final long intervalNanos;
    private long nextFreeNanos = System.nanoTime();

    ConnectionRateLimiter(double perSecond) {
        this.intervalNanos = (long) (1_000_000_000L / perSecond);
    }

    void acquire() throws InterruptedException {
        final long waitNanos;
        synchronized (this) {
            final long now = System.nanoTime();
            final long slot = Math.max(now, nextFreeNanos);
            nextFreeNanos = slot + intervalNanos;
            waitNanos = slot - now;
        }
        if (waitNanos > 0) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }
}
