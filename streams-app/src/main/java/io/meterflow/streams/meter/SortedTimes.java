package io.meterflow.streams.meter;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The collection times of a meter within the late horizon, ascending, as an immutable list over a {@code long[]}:
 * every reading looks a time up and adds one, and boxed times scattered over the heap cost more than the search.
 */
final class SortedTimes extends AbstractList<Long> implements RandomAccess {

    static final SortedTimes EMPTY = new SortedTimes(new long[0]);

    private final long[] times;

    private SortedTimes(long[] times) {
        this.times = times;
    }

    /** {@code times} as they are (ascending, as {@link #from} keeps them and stored states hold them). */
    static SortedTimes of(List<Long> times) {
        if (times instanceof SortedTimes sorted) {
            return sorted;
        }
        if (times == null || times.isEmpty()) {
            return EMPTY;
        }
        final long[] copy = new long[times.size()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = times.get(i);
        }
        return new SortedTimes(copy);
    }

    boolean contains(long time) {
        return Arrays.binarySearch(times, time) >= 0;
    }

    /** The times at or after {@code oldest}, with {@code time} added in order (once). */
    SortedTimes from(long oldest, long time) {
        final long[] kept = new long[times.length + 1];
        int n = 0;
        boolean added = false;
        for (long t : times) {
            if (t < oldest) {
                continue;
            }
            if (!added && time <= t) {
                if (time < t) {
                    kept[n++] = time;
                }
                added = true;
            }
            kept[n++] = t;
        }
        if (!added) {
            kept[n++] = time;
        }
        return new SortedTimes(n == kept.length ? kept : Arrays.copyOf(kept, n));
    }

    @Override
    public Long get(int index) {
        return times[index];
    }

    @Override
    public int size() {
        return times.length;
    }
}
