package io.meterflow.connect.mqtt.session;

import java.time.Duration;

/**
 * Tells a takeover (another client keeps connecting with our client id, so the broker drops us each time)
 * from ordinary connection trouble: the connection is lost again and again shortly after it was made.
 * <p>
 * The session that held the id first gives up first. When Connect moves a session to a new task, it may start the
 * new task before the old one has stopped (after task.shutdown.graceful.timeout.ms, while the old task still
 * flushes). Both then drop each other, one loss each in turn. A session that has never kept a connection longer than
 * the window (a newcomer) needs twice as many quick losses, so the old task's session stops fighting first and the
 * new one keeps the session, instead of failing the new task and leaving the session's queue without an owner.
 */
final class TakeoverDetector {

    private final int maxLosses;
    private final long windowMs;
    private long connectedAtMs = -1;
    private int quickLosses;
    private boolean heldAConnection;

    TakeoverDetector(int maxLosses, Duration window) {
        this.maxLosses = maxLosses;
        this.windowMs = window.toMillis();
    }

    synchronized void connected(long nowMs) {
        connectedAtMs = nowMs;
    }

    /**
     * @return true when this loss makes {@code maxLosses} quick losses in a row, or twice as many for a session
     * that never held a connection longer than the window
     */
    synchronized boolean lost(long nowMs) {
        final boolean quick = connectedAtMs >= 0 && nowMs - connectedAtMs <= windowMs;
        if (connectedAtMs >= 0 && !quick) {
            heldAConnection = true;
        }
        connectedAtMs = -1;
        quickLosses = quick ? quickLosses + 1 : 0;
        return quickLosses >= (heldAConnection ? maxLosses : 2 * maxLosses);
    }

    synchronized int quickLosses() {
        return quickLosses;
    }

    long windowMs() {
        return windowMs;
    }
}
