package io.meterflow.simulator.dlms.transport;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The TCP connections one simulated meter accepted, counted on the meter's side, so a test can hold a collector's
 * output against what the meter really served (a collector that opens one association per cycle opens one
 * connection per cycle, whatever the cycle's outcome).
 */
public final class ConnectionCounter {

    private static final long NONE = Long.MIN_VALUE;

    private final AtomicLong count = new AtomicLong();
    private final AtomicLong firstAt = new AtomicLong(NONE);

    public void accepted(long nowMs) {
        firstAt.compareAndSet(NONE, nowMs);
        count.incrementAndGet();
    }

    public long count() {
        return count.get();
    }

    /** When the first connection was accepted (true time, epoch ms), if any was. */
    public OptionalLong firstAt() {
        final long first = firstAt.get();
        return first == NONE ? OptionalLong.empty() : OptionalLong.of(first);
    }
}
