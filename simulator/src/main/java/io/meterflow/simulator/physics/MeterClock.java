package io.meterflow.simulator.physics;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A meter's own clock: the scenario's offset and drift, plus every adjustment a client made (set or shifted). An
 * adjustment makes the clock jump, so a meter-time value can have no true time (a jump forward) or two (a jump
 * back). Thread-safe: associations set it while others read it.
 */
public final class MeterClock {

    private final long startMs;
    private final long offsetMs;
    private final double driftPpm;
    /** Adjustments in true-time order; the clock's jump at each is {@code deltaMs}. */
    private final List<Adjustment> adjustments = new CopyOnWriteArrayList<>();

    public MeterClock(long startMs, long offsetMs, double driftPpm) {
        this.startMs = startMs;
        this.offsetMs = offsetMs;
        this.driftPpm = driftPpm;
    }

    /** What the clock shows at true time {@code trueMs}. */
    public long meterTime(long trueMs) {
        long shown = free(trueMs);
        for (Adjustment a : adjustments) {
            if (a.trueAt <= trueMs) {
                shown += a.deltaMs;
            }
        }
        return shown;
    }

    /**
     * The latest true time, not after {@code trueNow}, at which the clock showed {@code meterMs}; empty when the
     * clock never showed it (it jumped over it, or it is still in the clock's future).
     */
    public OptionalLong trueTime(long meterMs, long trueNow) {
        final List<Adjustment> all = List.copyOf(adjustments);
        long shift = all.stream().mapToLong(Adjustment::deltaMs).sum();
        for (int segment = all.size(); segment >= 0; segment--) {
            final long segmentStart = segment == 0 ? Long.MIN_VALUE : all.get(segment - 1).trueAt;
            final long segmentEnd = segment == all.size() ? trueNow + 1 : Math.min(all.get(segment).trueAt, trueNow + 1);
            final long candidate = freeInverse(meterMs - shift);
            if (candidate >= segmentStart && candidate < segmentEnd) {
                return OptionalLong.of(candidate);
            }
            if (segment > 0) {
                shift -= all.get(segment - 1).deltaMs;
            }
        }
        return OptionalLong.empty();
    }

    /** How many adjustments happened at or before {@code trueMs}: rows of one segment share a clock setting. */
    public int segmentAt(long trueMs) {
        return (int) adjustments.stream().filter(a -> a.trueAt <= trueMs).count();
    }

    /** Sets the clock at true time {@code trueNow} to show {@code meterMs}. */
    public synchronized void set(long trueNow, long meterMs) {
        adjustments.add(new Adjustment(trueNow, meterMs - meterTime(trueNow)));
    }

    /** Moves the clock by {@code deltaMs} at true time {@code trueNow} (COSEM shift_time). */
    public synchronized void shift(long trueNow, long deltaMs) {
        adjustments.add(new Adjustment(trueNow, deltaMs));
    }

    private long free(long trueMs) {
        return trueMs + offsetMs + Math.round((trueMs - startMs) * driftPpm / 1_000_000.0);
    }

    private long freeInverse(long meterMs) {
        return startMs + Math.round((meterMs - offsetMs - startMs) / (1 + driftPpm / 1_000_000.0));
    }

    private record Adjustment(long trueAt, long deltaMs) {
    }
}
