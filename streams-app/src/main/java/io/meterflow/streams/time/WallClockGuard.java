package io.meterflow.streams.time;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the wall-clock checks (MeterSilent, NO_DATA, the ledger's trailing gaps) from mistaking the app's own absence for the meters'.
 *
 * <ul>
 *   <li>Silence counts only from when this task became active: wall-clock times restored from a store predate a
 *       restart, and after a long outage every meter and every active alert would look silent at once.</li>
 *   <li>No judgement while the task is catching up — records arrived since the last check, yet the newest event
 *       time is more than {@code catchUpLag} behind the wall clock: a replayed backlog, whose newest readings have
 *       not been reached.</li>
 * </ul>
 * One per processor instance (task); not thread-safe, like the processor.
 */
public final class WallClockGuard {

    private static final Logger LOG = LoggerFactory.getLogger(WallClockGuard.class);

    private final long catchUpLagMs;
    private final long punctuationIntervalMs;
    private final String owner;
    private long activeSinceWallMs = -1;
    private long processedSinceCheck;
    private long streamTimeAtCheck = -1;
    private boolean catchingUp;

    /** @param owner names the task and processor in the log */
    public WallClockGuard(long catchUpLagMs, long punctuationIntervalMs, String owner) {
        this.catchUpLagMs = catchUpLagMs;
        this.punctuationIntervalMs = punctuationIntervalMs;
        this.owner = owner;
    }

    /** A record was processed at wall-clock time {@code wallMs}. */
    public void processed(long wallMs) {
        if (activeSinceWallMs < 0) {
            activeSinceWallMs = wallMs;
        }
        processedSinceCheck++;
    }

    /** At a wall-clock punctuation: whether silence may be judged now. */
    public boolean mayJudge(long wallMs, long streamTimeMs) {
        if (activeSinceWallMs < 0) {
            // The first punctuation comes one interval after the task started (later when the task is busy).
            activeSinceWallMs = wallMs - punctuationIntervalMs;
        }
        final boolean moved = processedSinceCheck > 0 || streamTimeMs > streamTimeAtCheck;
        final boolean nowCatchingUp = moved && streamTimeMs >= 0 && streamTimeMs < wallMs - catchUpLagMs;
        if (nowCatchingUp != catchingUp) {
            LOG.info(nowCatchingUp
                            ? "{}: catching up (newest event time {} s behind the wall clock); wall-clock checks (MeterSilent, NO_DATA, trailing gaps) paused"
                            : "{}: caught up ({} s behind the wall clock); wall-clock checks resumed",
                    owner, (wallMs - streamTimeMs) / 1000);
        }
        catchingUp = nowCatchingUp;
        processedSinceCheck = 0;
        streamTimeAtCheck = Math.max(streamTimeAtCheck, streamTimeMs);
        return !catchingUp;
    }

    /** How long it has been silent since {@code lastWallMs}, not counting time before this task became active. */
    public long silentFor(long wallMs, long lastWallMs) {
        return wallMs - Math.max(lastWallMs, activeSinceWallMs);
    }
}
