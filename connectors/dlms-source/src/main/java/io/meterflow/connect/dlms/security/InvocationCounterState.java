package io.meterflow.connect.dlms.security;

import java.util.OptionalLong;

/**
 * What one poller knows about its HLS meter's invocation counter (DLMS UA 1000-2, 9.2.7.2.4.2: the meter accepts an
 * APDU only if its counter is above the last one it accepted from the client, across associations). Counters only
 * grow here: the next association starts above the highest counter this task used, the meter's own counter object
 * when it was read, and, until the meter was read, the counter persisted in Kafka plus a jump that covers what a
 * crashed predecessor may have used after its last committed offset.
 */
public final class InvocationCounterState {

    /** Invocation counters are Unsigned32; the meter cannot accept any after this one. */
    public static final long MAX = 0xFFFF_FFFFL;

    private final long jump;
    private long highestUsed;
    private long unreadFloor;
    private boolean synced;
    private boolean jumpedSinceSuccess;

    /**
     * @param persisted the highest counter a task persisted for the meter (empty when none was)
     * @param jump      how far above the persisted counter a task starts when it cannot read the meter's counter
     */
    public InvocationCounterState(OptionalLong persisted, long jump) {
        this.jump = jump;
        this.highestUsed = persisted.orElse(0);
        this.unreadFloor = persisted.isPresent() ? persisted.getAsLong() + jump : 0;
    }

    /** True until the meter's counter was read (or an association succeeded) and after a rejection. */
    public synchronized boolean needsSync() {
        return !synced;
    }

    /** The first counter of the next association, given the meter's counter object if it was just read. */
    public synchronized long nextStart(OptionalLong meterCounter) {
        long start = Math.max(highestUsed, meterCounter.isPresent() ? meterCounter.getAsLong() : unreadFloor) + 1;
        if (meterCounter.isPresent()) {
            synced = true;
        }
        return Math.min(start, MAX);
    }

    /**
     * The meter rejected a counter: start above what it says it expects (the exception-response carries the lowest
     * counter it accepts next) or, when it says nothing and its counter cannot be read, one jump further, at most
     * once until an association succeeds again (so a meter with wrong keys does not run the counter up to its end).
     *
     * @return false when there is nothing left to try
     */
    public synchronized boolean rejected(OptionalLong meterExpects, boolean meterCounterReadable) {
        synced = false;
        if (meterExpects.isPresent()) {
            highestUsed = Math.max(highestUsed, meterExpects.getAsLong() - 1);
            return true;
        }
        if (meterCounterReadable) {
            return true;
        }
        if (jumpedSinceSuccess) {
            return false;
        }
        jumpedSinceSuccess = true;
        unreadFloor = Math.max(unreadFloor, highestUsed) + jump;
        return true;
    }

    /** The meter dropped an association being set up: read its counter before the next one. */
    public synchronized void inDoubt() {
        synced = false;
    }

    /** Counters up to {@code highest} went out to the meter (whatever it made of them). */
    public synchronized void used(long highest) {
        highestUsed = Math.max(highestUsed, highest);
    }

    /** An association was accepted: the counter in use is above the meter's. */
    public synchronized void associated() {
        synced = true;
        jumpedSinceSuccess = false;
    }

    /**
     * The highest counter this meter may have seen from us (or the persisted one, before the first APDU): what a task
     * persists. The jump is not persisted: each task that cannot read the meter adds it when it starts.
     */
    public synchronized long highestUsed() {
        return highestUsed;
    }
}
