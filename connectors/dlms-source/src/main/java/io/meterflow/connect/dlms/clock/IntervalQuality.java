package io.meterflow.connect.dlms.clock;

import io.meterflow.schema.IntervalFlag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One meter's verdict on its load-profile rows: the meter's own status bits, decoded, plus CLOCK_SUSPECT when
 * the row's capture time cannot be trusted. That is when the clock offset exceeded the threshold at any read
 * since the previous profile read (rows fetched now were captured in between) or at this one; when the meter says
 * its clock was invalid or adjusted in the row's period; or when this task set the clock within the row's period.
 * Not thread-safe: one meter's cycles run one at a time.
 */
public final class IntervalQuality {

    private final long thresholdMs;
    private long currentOffsetMs;
    /** Largest |offset| seen since the rows last read were captured. */
    private long worstOffsetMs;
    /** Meter time right after the last clock set by this task, null if none. */
    private Long lastSetMeterTime;
    /** Meter time right before that set: rows stamped up to it were captured under the old clock. */
    private Long meterTimeBeforeSet;
    /** Largest |offset| seen before that set. */
    private long worstOffsetBeforeSetMs;

    public IntervalQuality(Duration threshold) {
        this.thresholdMs = threshold.toMillis();
    }

    /** The offset measured in this cycle's register read (every OK cycle, profile read or not). */
    public void offsetMeasured(long offsetMs) {
        currentOffsetMs = offsetMs;
        worstOffsetMs = Math.max(worstOffsetMs, Math.abs(offsetMs));
    }

    /** Meter clock minus true time at the current read: the clockOffsetMs of the rows it fetches. */
    public long currentOffsetMs() {
        return currentOffsetMs;
    }

    public List<IntervalFlag> flags(Integer status, long capturedAt, long periodMs) {
        final List<IntervalFlag> flags = new ArrayList<>(IntervalFlag.decode(status));
        if (suspect(flags, capturedAt, periodMs)) {
            flags.add(IntervalFlag.CLOCK_SUSPECT);
        }
        return flags;
    }

    /** After a profile read: rows captured from now on were captured under the current offset. */
    public void profileRead() {
        worstOffsetMs = Math.abs(currentOffsetMs);
    }

    /**
     * The clock showed {@code meterTimeBefore} when it was set and now shows {@code meterTimeAfter},
     * {@code offsetAfterMs} off true time. Rows the meter captured before the set but not yet read keep the old
     * offset's verdict.
     */
    public void clockSet(long meterTimeBefore, long meterTimeAfter, long offsetAfterMs) {
        meterTimeBeforeSet = meterTimeBefore;
        worstOffsetBeforeSetMs = worstOffsetMs;
        lastSetMeterTime = meterTimeAfter;
        worstOffsetMs = Math.abs(offsetAfterMs);
    }

    private boolean suspect(List<IntervalFlag> meterFlags, long capturedAt, long periodMs) {
        if (worstOffsetMs > thresholdMs) {
            return true;
        }
        if (meterTimeBeforeSet != null && capturedAt <= meterTimeBeforeSet && worstOffsetBeforeSetMs > thresholdMs) {
            return true;
        }
        if (meterFlags.contains(IntervalFlag.CLOCK_INVALID) || meterFlags.contains(IntervalFlag.CLOCK_ADJUSTED)) {
            return true;
        }
        return lastSetMeterTime != null && capturedAt - periodMs < lastSetMeterTime && lastSetMeterTime <= capturedAt;
    }
}
