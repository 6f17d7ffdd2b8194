package io.meterflow.streams.reference;

import io.meterflow.schema.MeterValue;
import io.meterflow.schema.RateKind;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingStatus;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The design's rules computed the obvious way, record by record in arrival order, with plain maps and no
 * Kafka: what the topology must agree with.
 *
 * <ul>
 *   <li>A reading is dropped as a duplicate when its meter already had one collected at the same time, and as late
 *       when it is older than the meter's newest reading by more than the largest window plus grace.</li>
 *   <li>It counts in its window unless stream time (the newest timestamp so far) has passed window end + grace.</li>
 *   <li>A register value makes a rate when it is newer (meter time, else collection time) than the last one.</li>
 * </ul>
 */
public final class NaiveReference {

    /** Counts of one window of one meter. */
    public record WindowKey(String meterId, long windowStart) {
    }

    public record Counts(long total, long failed, Map<ReadingStatus, Long> byStatus) {
    }

    public record RateRow(String meterId, String obis, long from, long to, double delta, double rate, RateKind kind) {
    }

    private final long windowMs;
    private final long graceMs;
    private final Set<String> rateObis;
    private final Map<String, Long> newest = new HashMap<>();
    private final Map<String, Set<Long>> seen = new HashMap<>();
    private final Map<String, long[]> lastPoint = new HashMap<>();
    private final Map<String, Double> lastValue = new HashMap<>();
    private final Map<WindowKey, long[]> windows = new TreeMap<>((a, b) -> a.meterId().equals(b.meterId())
            ? Long.compare(a.windowStart(), b.windowStart()) : a.meterId().compareTo(b.meterId()));
    private final Map<WindowKey, Map<ReadingStatus, Long>> statuses = new HashMap<>();
    private final List<RateRow> rates = new ArrayList<>();
    private long streamTime = Long.MIN_VALUE;
    private int duplicates;
    private int late;
    private int outOfOrder;

    public NaiveReference(long windowMs, long graceMs, Set<String> rateObis) {
        this.windowMs = windowMs;
        this.graceMs = graceMs;
        this.rateObis = rateObis;
    }

    public void accept(Reading r) {
        streamTime = Math.max(streamTime, r.collectedAt());
        final Long meterNewest = newest.get(r.meterId());
        if (meterNewest != null && r.collectedAt() < meterNewest - (windowMs + graceMs)) {
            late++;
            return;
        }
        if (!seen.computeIfAbsent(r.meterId(), k -> new HashSet<>()).add(r.collectedAt())) {
            duplicates++;
            return;
        }
        newest.merge(r.meterId(), r.collectedAt(), Math::max);
        final long windowStart = r.collectedAt() - Math.floorMod(r.collectedAt(), windowMs);
        if (windowStart + windowMs + graceMs <= streamTime) {
            late++;
        } else {
            final WindowKey key = new WindowKey(r.meterId(), windowStart);
            final long[] c = windows.computeIfAbsent(key, k -> new long[2]);
            c[0]++;
            c[1] += r.status() == ReadingStatus.OK ? 0 : 1;
            statuses.computeIfAbsent(key, k -> new EnumMap<>(ReadingStatus.class)).merge(r.status(), 1L, Long::sum);
        }
        final long time = r.meterTime() == null ? r.collectedAt() : r.meterTime();
        final Set<String> done = new HashSet<>();
        for (MeterValue v : r.values()) {
            if (!rateObis.contains(v.obis()) || !done.add(v.obis())) {
                continue;
            }
            final String key = r.meterId() + "/" + v.obis();
            final long[] previous = lastPoint.get(key);
            if (previous == null || time > previous[0]) {
                if (previous != null) {
                    final double before = lastValue.get(key);
                    final boolean drop = v.value() < before;
                    final double delta = drop ? 0 : v.value() - before;
                    rates.add(new RateRow(r.meterId(), v.obis(), previous[0], time, delta,
                            delta / ((time - previous[0]) / 3_600_000.0), drop ? RateKind.RESET : RateKind.NORMAL));
                }
                lastPoint.put(key, new long[] {time});
                lastValue.put(key, v.value());
            } else {
                outOfOrder++;
            }
        }
    }

    public Map<WindowKey, Counts> windows() {
        final Map<WindowKey, Counts> out = new HashMap<>();
        windows.forEach((k, c) -> out.put(k, new Counts(c[0], c[1], statuses.get(k))));
        return out;
    }

    /** The fleet: per window start, the sum over meters. */
    public Map<Long, Counts> fleet() {
        final Map<Long, Counts> out = new HashMap<>();
        windows().forEach((k, c) -> out.merge(k.windowStart(), c, (a, b) -> {
            final Map<ReadingStatus, Long> merged = new EnumMap<>(ReadingStatus.class);
            merged.putAll(a.byStatus());
            b.byStatus().forEach((s, n) -> merged.merge(s, n, Long::sum));
            return new Counts(a.total() + b.total(), a.failed() + b.failed(), merged);
        }));
        return out;
    }

    /** How many readings were late, duplicates, or register values not newer than the last: to check coverage. */
    public List<Integer> irregular() {
        return List.of(late, duplicates, outOfOrder);
    }

    public List<RateRow> rates() {
        return rates;
    }
}
