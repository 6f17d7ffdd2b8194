package io.meterflow.streams.validation;

import java.util.Map;
import java.util.TreeMap;

/**
 * The validated register as meter-readings report it (time of the reading, value), thinned: of the readings between two
 * capture times only the first and the last are kept, as only they bound the register at a capture time. Bounded to
 * {@code keepMs} behind the newest reading. Also remembers the newest profile row, so a reading that cannot change a
 * verdict costs no look at the rows. Mutable, owned by the processor's store value.
 */
public final class RegisterSamples {

    final TreeMap<Long, Double> samples;
    long newestRow;
    /** The meter's capture period as its rows say, 0 before the first row. */
    long periodMs;

    RegisterSamples(TreeMap<Long, Double> samples, long newestRow, long periodMs) {
        this.samples = samples;
        this.newestRow = newestRow;
        this.periodMs = periodMs;
    }

    public static RegisterSamples empty() {
        return new RegisterSamples(new TreeMap<>(), Long.MIN_VALUE, 0);
    }

    /** Adds a reading; returns the time of the reading before it (or {@code time} when none), for re-evaluation. */
    public long add(long time, double value, long periodMs, long keepMs) {
        final Map.Entry<Long, Double> before = samples.lowerEntry(time);
        final Map.Entry<Long, Double> beforeThat = before == null ? null : samples.lowerEntry(before.getKey());
        if (before != null && beforeThat != null && samples.higherKey(time) == null
                && Math.floorDiv(beforeThat.getKey() - 1, periodMs) == Math.floorDiv(time - 1, periodMs)) {
            // Three readings inside one capture period: the middle one bounds nothing.
            samples.remove(before.getKey());
        }
        samples.put(time, value);
        samples.headMap(samples.lastKey() - keepMs).clear();
        return before == null ? time : before.getKey();
    }

    public void rowSeen(long capturedAt, long rowPeriodMs) {
        newestRow = Math.max(newestRow, capturedAt);
        periodMs = rowPeriodMs;
    }

    public long periodMs() {
        return periodMs;
    }

    public long newestRow() {
        return newestRow;
    }

    /** The latest reading at or before {@code t}. */
    Map.Entry<Long, Double> atOrBefore(long t) {
        return samples.floorEntry(t);
    }

    /** The earliest reading at or after {@code t}. */
    Map.Entry<Long, Double> atOrAfter(long t) {
        return samples.ceilingEntry(t);
    }
}
