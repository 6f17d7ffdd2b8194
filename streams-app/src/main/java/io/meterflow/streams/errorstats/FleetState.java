package io.meterflow.streams.errorstats;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fleet roll-up of one window size: the newest watermark per upstream partition, the partitions that said they
 * are idle, the open windows by start, and the start before which every window is closed.
 */
public record FleetState(Map<Integer, Long> watermarks, Set<Integer> idle, TreeMap<Long, FleetCounts> open,
                         long closedBefore) {

    public static FleetState empty() {
        return new FleetState(Map.of(), Set.of(), new TreeMap<>(), Long.MIN_VALUE);
    }

    FleetState withWatermark(int partition, long watermark) {
        final Map<Integer, Long> w = new HashMap<>(watermarks);
        w.merge(partition, watermark, Math::max);
        final Set<Integer> i = new HashSet<>(idle);
        i.remove(partition);
        return new FleetState(w, i, open, closedBefore);
    }

    FleetState withIdle(int partition) {
        final Set<Integer> i = new HashSet<>(idle);
        i.add(partition);
        return new FleetState(watermarks, i, open, closedBefore);
    }

    /**
     * The stream time every active upstream partition has passed; MIN_VALUE while one of them has not reported yet.
     * Idle partitions do not count; when all are idle nothing moves.
     */
    long low(int partitions) {
        long low = Long.MAX_VALUE;
        for (int p = 0; p < partitions; p++) {
            if (idle.contains(p)) {
                continue;
            }
            final Long w = watermarks.get(p);
            if (w == null) {
                return Long.MIN_VALUE;
            }
            low = Math.min(low, w);
        }
        return low == Long.MAX_VALUE ? Long.MIN_VALUE : low;
    }
}
