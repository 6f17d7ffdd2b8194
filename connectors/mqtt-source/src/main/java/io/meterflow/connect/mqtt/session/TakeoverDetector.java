package io.meterflow.connect.mqtt.session;

import java.time.Duration;

/**
 * Tells a takeover (another client keeps connecting with our client id, so the broker drops us each time)
 * from ordinary connection trouble: the connection is lost again and again shortly after it was made.
 */
final class TakeoverDetector {

    private final int maxLosses;
    private final long windowMs;
    private long connectedAtMs = -1;
    private int quickLosses;

    TakeoverDetector(int maxLosses, Duration window) {
        this.maxLosses = maxLosses;
        this.windowMs = window.toMillis();
    }

    synchronized void connected(long nowMs) {
        connectedAtMs = nowMs;
    }

    /** @return true when this loss makes {@code maxLosses} quick losses in a row */
    synchronized boolean lost(long nowMs) {
        final boolean quick = connectedAtMs >= 0 && nowMs - connectedAtMs <= windowMs;
        connectedAtMs = -1;
        quickLosses = quick ? quickLosses + 1 : 0;
        return quickLosses >= maxLosses;
    }

    synchronized int quickLosses() {
        return quickLosses;
    }

    long windowMs() {
        return windowMs;
    }
}
