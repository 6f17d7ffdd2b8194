package io.meterflow.streams.errorstats;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Which open per-meter windows close when, for one task: the windows themselves live in each meter's state, this
 * index only orders them by closing time. It is derived state, kept in memory and rebuilt from the meter-state store
 * when the task starts, so it needs no changelog of its own and is always consistent with the restored store.
 *
 * <p>Window time is the newest {@code collectedAt} the task has accepted, as for Kafka Streams' own windowed
 * aggregations: a window closes once window time reaches its end plus grace.
 */
public final class WindowCloseIndex {

    /** An open window of a meter, due to close at {@code closeAt}. */
    public record Due(long closeAt, String meterId, long sizeMs, long start) {
    }

    private static final Comparator<Due> ORDER = Comparator.comparingLong(Due::closeAt)
            .thenComparing(Due::meterId).thenComparingLong(Due::sizeMs).thenComparingLong(Due::start);

    private final long graceMs;
    private final TreeSet<Due> due = new TreeSet<>(ORDER);
    private long windowTime = Long.MIN_VALUE;

    public WindowCloseIndex(long graceMs) {
        this.graceMs = graceMs;
    }

    /** The index of every window open in {@code store}, with the window time the store's readings reached. */
    public static <S extends WindowedState> WindowCloseIndex rebuild(KeyValueStore<String, S> store, long graceMs) {
        final WindowCloseIndex index = new WindowCloseIndex(graceMs);
        try (KeyValueIterator<String, S> all = store.all()) {
            all.forEachRemaining(kv -> {
                index.advance(kv.value.lastCollectedAt());
                kv.value.windows().forEach(w -> index.opened(kv.key, w));
            });
        }
        return index;
    }

    public void advance(long collectedAt) {
        windowTime = Math.max(windowTime, collectedAt);
    }

    /** Whether a reading for {@code window} comes too late: the window has closed. */
    public boolean closed(OpenWindow window) {
        return window.end() + graceMs <= windowTime;
    }

    public void opened(String meterId, OpenWindow window) {
        due.add(new Due(window.end() + graceMs, meterId, window.sizeMs(), window.start()));
    }

    /** Removes and returns the windows that window time has closed, oldest first. */
    public List<Due> pollClosed() {
        final List<Due> closed = new ArrayList<>();
        while (!due.isEmpty() && due.first().closeAt() <= windowTime) {
            closed.add(due.pollFirst());
        }
        return closed;
    }

    public int size() {
        return due.size();
    }
}
