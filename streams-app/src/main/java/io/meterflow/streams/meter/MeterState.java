package io.meterflow.streams.meter;

import io.meterflow.schema.ReadingSource;
import io.meterflow.streams.alerts.MeterActivity;
import io.meterflow.streams.drift.DriftSample;
import io.meterflow.streams.drift.DriftSamples;
import io.meterflow.streams.errorstats.OpenWindow;
import io.meterflow.streams.errorstats.WindowedState;
import io.meterflow.streams.rates.RegisterPoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the app remembers per meter (store {@code meter-state}): the newest collection time and source, the
 * collection times seen within the late horizon (to drop duplicates), the last value of each cumulative
 * register, the recent clock-drift samples, when (processing wall clock) the app received the meter's last answer —
 * its last successful reading, or its first reading of any kind — which is what MeterSilent measures (a replayed
 * backlog is old by event time but has just arrived; a failed poll is no sign of life), the error-stats
 * windows still open, and per window size the start of the meter's first window.
 *
 * <p>The open windows live here rather than in a window store of their own: the state is read and written for every
 * reading anyway, and a window store plus a suppress buffer cost two more store writes and two more changelog records
 * per reading (see docs/benchmarks.md, "Streams").
 */
public record MeterState(
        long lastCollectedAt,
        long lastAnsweredWallMs,
        ReadingSource source,
        List<Long> seen,
        Map<String, RegisterPoint> registers,
        List<DriftSample> drift,
        List<OpenWindow> windows,
        Map<Long, Long> firstWindows) implements MeterActivity, WindowedState {

    public static final MeterState EMPTY = new MeterState(Long.MIN_VALUE, Long.MIN_VALUE, null, SortedTimes.EMPTY, Map.of(),
            DriftSamples.EMPTY, List.of(), Map.of());

    public MeterState {
        seen = SortedTimes.of(seen);
        registers = registers == null ? Map.of() : Map.copyOf(registers);
        drift = DriftSamples.of(drift);
        windows = windows == null ? List.of() : List.copyOf(windows);
        firstWindows = firstWindows == null ? Map.of() : Map.copyOf(firstWindows);
    }

    public enum Admission { NEW, DUPLICATE, LATE }

    public Admission admit(long collectedAt, long horizonMs) {
        if (lastCollectedAt != Long.MIN_VALUE && collectedAt < lastCollectedAt - horizonMs) {
            return Admission.LATE;
        }
        return ((SortedTimes) seen).contains(collectedAt) ? Admission.DUPLICATE : Admission.NEW;
    }

    /**
     * This state after accepting a reading collected at {@code collectedAt} that arrived at {@code arrivedWallMs}.
     *
     * @param answered whether the meter answered (status OK): a failed poll (timeout, unreachable, ...) is no sign of
     *                 life, except that the first reading of a meter starts its silence clock
     */
    public MeterState accept(long collectedAt, long arrivedWallMs, boolean answered, ReadingSource newSource,
                             long horizonMs) {
        final long newest = Math.max(lastCollectedAt, collectedAt);
        final SortedTimes kept = ((SortedTimes) seen).from(newest - horizonMs, collectedAt);
        final long lastAnswer = answered || lastAnsweredWallMs == Long.MIN_VALUE ? arrivedWallMs : lastAnsweredWallMs;
        return new MeterState(newest, lastAnswer, collectedAt >= lastCollectedAt ? newSource : source, kept, registers, drift,
                windows, firstWindows);
    }

    public MeterState withRegisters(Map<String, RegisterPoint> updates) {
        if (updates.isEmpty()) {
            return this;
        }
        final Map<String, RegisterPoint> merged = new HashMap<>(registers);
        merged.putAll(updates);
        return new MeterState(lastCollectedAt, lastAnsweredWallMs, source, seen, merged, drift, windows, firstWindows);
    }

    /** Inserts a drift sample in time order, keeping the newest {@code max}. */
    public MeterState withDriftSample(DriftSample sample, int max) {
        return new MeterState(lastCollectedAt, lastAnsweredWallMs, source, seen, registers,
                ((DriftSamples) drift).with(sample, max), windows, firstWindows);
    }

    /** The window of size {@code sizeMs} that contains {@code timestamp}: the open one, or a new empty one. */
    public OpenWindow windowAt(long timestamp, long sizeMs) {
        final OpenWindow empty = OpenWindow.containing(timestamp, sizeMs);
        final OpenWindow open = openWindow(sizeMs, empty.start());
        return open == null ? empty : open;
    }

    /** The open window of size {@code sizeMs} starting at {@code start}, or null. */
    public OpenWindow openWindow(long sizeMs, long start) {
        for (OpenWindow w : windows) {
            if (w.sizeMs() == sizeMs && w.start() == start) {
                return w;
            }
        }
        return null;
    }

    /** This state with {@code window} stored in place of the open window it updates. */
    public MeterState withWindow(OpenWindow window) {
        final List<OpenWindow> next = windowsWithout(window);
        next.add(window);
        return new MeterState(lastCollectedAt, lastAnsweredWallMs, source, seen, registers, drift, next, firstWindows);
    }

    /** This state without the closed {@code window}, remembering the meter's first window of that size. */
    public MeterState withClosed(OpenWindow window) {
        final Map<Long, Long> first = new HashMap<>(firstWindows);
        first.putIfAbsent(window.sizeMs(), window.start());
        return new MeterState(lastCollectedAt, lastAnsweredWallMs, source, seen, registers, drift, windowsWithout(window),
                first);
    }

    private List<OpenWindow> windowsWithout(OpenWindow window) {
        final List<OpenWindow> rest = new ArrayList<>(windows.size() + 1);
        for (OpenWindow w : windows) {
            if (!w.sameWindow(window)) {
                rest.add(w);
            }
        }
        return rest;
    }

    /** Whether {@code window} is the meter's first of its size (no earlier one has closed). */
    public boolean isFirst(OpenWindow window) {
        final Long first = firstWindows.get(window.sizeMs());
        return first == null || window.start() <= first;
    }
}
