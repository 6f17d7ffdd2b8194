package io.meterflow.streams.meter;

import io.meterflow.schema.ReadingSource;
import io.meterflow.streams.drift.DriftSample;
import io.meterflow.streams.rates.RegisterPoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the app remembers per meter (store {@code meter-state}): the newest collection time and source, the
 * collection times seen within the late horizon (to drop duplicates), the last value of each cumulative
 * register, the recent clock-drift samples, and when (processing wall clock) the app received the last reading,
 * which is what MeterSilent measures: a replayed backlog is old by event time but has just arrived.
 */
public record MeterState(
        long lastCollectedAt,
        long lastArrivedWallMs,
        ReadingSource source,
        List<Long> seen,
        Map<String, RegisterPoint> registers,
        List<DriftSample> drift) {

    public static final MeterState EMPTY = new MeterState(Long.MIN_VALUE, Long.MIN_VALUE, null, List.of(), Map.of(), List.of());

    public MeterState {
        seen = seen == null ? List.of() : List.copyOf(seen);
        registers = registers == null ? Map.of() : Map.copyOf(registers);
        drift = drift == null ? List.of() : List.copyOf(drift);
    }

    public enum Admission { NEW, DUPLICATE, LATE }

    public Admission admit(long collectedAt, long horizonMs) {
        if (lastCollectedAt != Long.MIN_VALUE && collectedAt < lastCollectedAt - horizonMs) {
            return Admission.LATE;
        }
        return Collections.binarySearch(seen, collectedAt) >= 0 ? Admission.DUPLICATE : Admission.NEW;
    }

    /** This state after accepting a reading collected at {@code collectedAt} that arrived at {@code arrivedWallMs}. */
    public MeterState accept(long collectedAt, long arrivedWallMs, ReadingSource newSource, long horizonMs) {
        final long newest = Math.max(lastCollectedAt, collectedAt);
        final List<Long> kept = new ArrayList<>(seen.size() + 1);
        for (Long t : seen) {
            if (t >= newest - horizonMs) {
                kept.add(t);
            }
        }
        final int at = Collections.binarySearch(kept, collectedAt);
        kept.add(-at - 1, collectedAt);
        return new MeterState(newest, arrivedWallMs, collectedAt >= lastCollectedAt ? newSource : source, kept, registers, drift);
    }

    public MeterState withRegisters(Map<String, RegisterPoint> updates) {
        if (updates.isEmpty()) {
            return this;
        }
        final Map<String, RegisterPoint> merged = new HashMap<>(registers);
        merged.putAll(updates);
        return new MeterState(lastCollectedAt, lastArrivedWallMs, source, seen, merged, drift);
    }

    /** Inserts a drift sample in time order, keeping the newest {@code max}. */
    public MeterState withDriftSample(DriftSample sample, int max) {
        final List<DriftSample> samples = new ArrayList<>(drift);
        int i = samples.size();
        while (i > 0 && samples.get(i - 1).at() > sample.at()) {
            i--;
        }
        samples.add(i, sample);
        while (samples.size() > max) {
            samples.remove(0);
        }
        return new MeterState(lastCollectedAt, lastArrivedWallMs, source, seen, registers, samples);
    }
}
