package io.meterflow.connect.dlms.metrics;

import io.meterflow.schema.ReadingStatus;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The outcome of the most recent cycle of each meter the task polls. Cycle counts cannot say how many meters are
 * silent, because a failing meter is polled less and less often (backoff); counting meters by their latest outcome
 * can. Outcomes of meters no longer polled are ignored, so a cycle finishing after the task let go of its meters
 * cannot bring one back.
 */
final class LatestOutcomes {

    private final Set<String> polled = ConcurrentHashMap.newKeySet();
    private final Map<String, ReadingStatus> latest = new ConcurrentHashMap<>();

    void polling(Collection<String> meterIds) {
        polled.addAll(meterIds);
    }

    void releaseAll() {
        polled.clear();
        latest.clear();
    }

    void record(String meterId, ReadingStatus status) {
        if (polled.contains(meterId)) {
            latest.put(meterId, status);
        }
    }

    int meters() {
        return polled.size();
    }

    /** Polled meters whose latest cycle ended in a status the predicate accepts; meters not yet polled count as none. */
    int metersWhoseLatest(Predicate<ReadingStatus> status) {
        return (int) latest.entrySet().stream()
                .filter(e -> polled.contains(e.getKey()) && status.test(e.getValue()))
                .count();
    }
}
