package io.meterflow.local.chaos;

import io.meterflow.schema.BackfillOutcome;
import io.meterflow.schema.BackfillRequest;
import io.meterflow.schema.BackfillResult;
import io.meterflow.schema.Completeness;
import io.meterflow.schema.Gap;
import io.meterflow.schema.GapState;
import io.meterflow.schema.Interval;
import io.meterflow.schema.IntervalQuality;
import io.meterflow.schema.Provenance;
import io.meterflow.schema.QualityReason;
import io.meterflow.schema.ValidatedInterval;
import io.meterflow.schema.serde.MeterFlowJson;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.schema.topic.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The interval data under fault (docs/data-quality.md): holds the committed records of meter-completeness,
 * meter-backfill-requests, meter-backfill-outcomes, meter-intervals and meter-intervals-validated against each other
 * and against which meters may lose rows for good.
 *
 * <ul>
 *   <li>every capture time that was missing (in a gap of any completeness record) up to the cut-off ends RECOVERED or
 *   ESTIMATED; ESTIMATED (or UNRECOVERABLE, only when its run is longer than {@code estimation.max.gap}) only on a
 *   meter that can lose rows for good and only if no row of it reached meter-intervals;</li>
 *   <li>each capture time passes through its states once, in order: MISSING, REQUESTED (attempt 1, 2, ...),
 *   UNRECOVERABLE, ESTIMATED, RECOVERED (any may be skipped, none written again after a later one);</li>
 *   <li>every (requestId, attempt) is in meter-backfill-requests once, and every request made up to the cut-off was
 *   answered (an outcome of that attempt; a worker that dies before its offsets are committed answers again: repeated
 *   outcomes are allowed, the ledger ignores them);</li>
 *   <li>no (meter, capture time, version) twice in meter-intervals-validated, versions 1..n without holes, no version
 *   that repeats the one before (a re-read of the same row writes nothing); the highest version of a RECOVERED
 *   capture time is a real row, of an ESTIMATED one an estimate;</li>
 *   <li>a capture time in meter-intervals more than once (a row read again: a worker's SIGKILL before its offsets
 *   were committed, a backfill request executed again) carries the same values and status every time.</li>
 * </ul>
 */
final class IntervalCheck {

    private static final int MAX_DETAILS = 10;

    private final Predicate<String> mayLoseRows;
    private final long estimationMaxGapMs;

    /**
     * @param mayLoseRows        meters whose buffer can lose a row for good (the others hold every row for longer
     *                           than the run: each of their gaps must end RECOVERED)
     * @param estimationMaxGapMs streams-app's {@code estimation.max.gap}
     */
    IntervalCheck(Predicate<String> mayLoseRows, long estimationMaxGapMs) {
        this.mayLoseRows = mayLoseRows;
        this.estimationMaxGapMs = estimationMaxGapMs;
    }

    /** The committed records the check reads. */
    record Records(List<Completeness> completeness, List<BackfillRequest> requests, List<BackfillOutcome> outcomes,
                   List<Interval> intervals, List<ValidatedInterval> validated) {

        static Records read(String bootstrapServers) {
            return new Records(read(bootstrapServers, MeterFlowTopics.COMPLETENESS),
                    read(bootstrapServers, MeterFlowTopics.BACKFILL_REQUESTS),
                    read(bootstrapServers, MeterFlowTopics.BACKFILL_OUTCOMES),
                    read(bootstrapServers, MeterFlowTopics.INTERVALS),
                    read(bootstrapServers, MeterFlowTopics.INTERVALS_VALIDATED));
        }

        static <V> List<V> read(String bootstrapServers, Topic<V> topic) {
            final List<V> values = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : TopicContents.read(bootstrapServers, List.of(topic.name()))) {
                if (r.value() != null) {
                    values.add(parse(r.value(), topic.valueType()));
                }
            }
            return values;
        }

        long size() {
            return completeness.size() + requests.size() + outcomes.size() + validated.size();
        }
    }

    /** A range the completeness ledger asked to be read again and still waits for (REQUESTED). */
    record Requested(String meterId, long from, long to, int attempts) {
    }

    /** The ranges REQUESTED in the latest record of each meter-day: what the ledger waits for now. */
    static List<Requested> requested(List<Completeness> records) {
        final List<Requested> requested = new ArrayList<>();
        for (Completeness c : latestPerDay(records).values()) {
            for (Gap gap : c.gaps()) {
                if (gap.state() == GapState.REQUESTED) {
                    requested.add(new Requested(c.meterId(), gap.from(), gap.to(), gap.attempts()));
                }
            }
        }
        return requested;
    }

    /** How many of {@code ranges} ended (RECOVERED, ESTIMATED or UNRECOVERABLE) at or after {@code ms}. */
    static long endedAfter(List<Completeness> records, List<Requested> ranges, long ms) {
        final Map<String, Completeness> latest = latestPerDay(records);
        long ended = 0;
        for (Requested r : ranges) {
            final Completeness day = latest.get(r.meterId() + " " + dayOf(r.from()));
            final boolean after = day != null && day.gaps().stream().anyMatch(g -> g.from() <= r.from()
                    && r.from() <= g.to() && g.state() != GapState.MISSING && g.state() != GapState.REQUESTED
                    && g.since() >= ms);
            ended += after ? 1 : 0;
        }
        return ended;
    }

    private static Map<String, Completeness> latestPerDay(List<Completeness> records) {
        final Map<String, Completeness> latest = new HashMap<>();
        records.forEach(c -> latest.put(c.meterId() + " " + c.day(), c));
        return latest;
    }

    /** Judges the capture times missing up to {@code cutoffMs} and the requests made up to then. */
    IntervalVerdict judge(Records in, long cutoffMs) {
        final Findings f = new Findings();
        final Set<String> rows = new HashSet<>();
        in.intervals().forEach(row -> rows.add(row.meterId() + "@" + row.capturedAt()));
        final Map<String, Map<Long, GapState>> endStates = transitions(in.completeness(), cutoffMs, f);
        final Map<String, TreeMap<Long, ValidatedInterval>> latest = versions(in.validated(), f);
        final EnumMap<GapState, Long> ends = new EnumMap<>(GapState.class);
        long missed = 0;
        for (Map.Entry<String, Map<Long, GapState>> meter : endStates.entrySet()) {
            final String meterId = meter.getKey();
            for (Map.Entry<Long, GapState> e : new TreeMap<>(meter.getValue()).entrySet()) {
                missed++;
                final long t = e.getKey();
                final GapState end = e.getValue();
                ends.merge(end, 1L, Long::sum);
                final String at = meterId + " " + Instant.ofEpochMilli(t);
                final ValidatedInterval highest = latest.getOrDefault(meterId, new TreeMap<>()).get(t);
                switch (end) {
                    case MISSING, REQUESTED -> f.lost("interval still " + end + " at the end: " + at);
                    case RECOVERED -> {
                        if (highest == null || highest.provenance() == null) {
                            f.lost("RECOVERED but its latest validated version is " + (highest == null ? "missing"
                                    : "an estimate") + ": " + at);
                        }
                    }
                    case ESTIMATED, UNRECOVERABLE -> {
                        if (!mayLoseRows.test(meterId)) {
                            f.lost(end + " on a meter that holds its rows longer than the run: " + at);
                        } else if (rows.contains(meterId + "@" + t)) {
                            f.lost(end + " although its row is in meter-intervals: " + at);
                        }
                        if (end == GapState.ESTIMATED && (highest == null
                                || highest.quality() != IntervalQuality.ESTIMATED)) {
                            f.lost("ESTIMATED but its latest validated version is not an estimate: " + at);
                        }
                    }
                }
            }
            unrecoverableRuns(meterId, meter.getValue(), periodOf(in.completeness(), meterId), f);
        }
        requests(in.requests(), in.outcomes(), cutoffMs, f);
        rereads(in.intervals(), f);
        return new IntervalVerdict(in.size(), missed, ends.getOrDefault(GapState.RECOVERED, 0L),
                ends.getOrDefault(GapState.ESTIMATED, 0L), ends.getOrDefault(GapState.UNRECOVERABLE, 0L),
                ends.getOrDefault(GapState.MISSING, 0L) + ends.getOrDefault(GapState.REQUESTED, 0L),
                f.unanswered, f.lost, f.duplicated, f.facts, f.details);
    }

    /**
     * Per meter and capture time up to the cut-off: the sequence of its states over the meter-day's records, each
     * state (a REQUESTED with its attempt) once and in order. Returns the end state of each, per meter.
     */
    private static Map<String, Map<Long, GapState>> transitions(List<Completeness> records, long cutoffMs, Findings f) {
        final Map<String, List<String>> sequences = new HashMap<>();
        final Map<String, Map<Long, GapState>> ends = new HashMap<>();
        long transitions = 0;
        long again = 0;
        for (Completeness c : records) {
            final Map<Long, GapState> dayEnds = new HashMap<>();
            for (Gap gap : c.gaps()) {
                for (long t = gap.from(); t <= gap.to() && t <= cutoffMs; t += c.capturePeriodSeconds() * 1000L) {
                    dayEnds.put(t, gap.state());
                    final List<String> seq = sequences.computeIfAbsent(c.meterId() + " " + Instant.ofEpochMilli(t),
                            k -> new ArrayList<>());
                    final String state = gap.state() == GapState.REQUESTED ? "REQUESTED#" + gap.attempts()
                            : gap.state().name();
                    if (!seq.isEmpty() && seq.get(seq.size() - 1).equals(state)) {
                        continue;
                    }
                    transitions++;
                    if (seq.contains(state)) {
                        again++;
                        f.duplicated("state " + state + " written again for " + c.meterId() + " "
                                + Instant.ofEpochMilli(t) + " after " + seq);
                    } else if (!seq.isEmpty() && rank(state) < rank(seq.get(seq.size() - 1))) {
                        again++;
                        f.duplicated("state " + state + " after a later one for " + c.meterId() + " "
                                + Instant.ofEpochMilli(t) + ": " + seq);
                    }
                    seq.add(state);
                }
            }
            // The latest record of a meter-day lists every range of the day: its states are the end states.
            final Map<Long, GapState> meterEnds = ends.computeIfAbsent(c.meterId(), k -> new HashMap<>());
            meterEnds.keySet().removeIf(t -> dayOf(t).equals(c.day()) && !dayEnds.containsKey(t));
            meterEnds.putAll(dayEnds);
        }
        f.fact("meter-completeness: " + transitions + " state transitions of " + sequences.size()
                + " missing intervals, written again or out of order: " + again);
        return ends;
    }

    private static int rank(String state) {
        if (state.startsWith("REQUESTED#")) {
            return 1_000 + Integer.parseInt(state.substring("REQUESTED#".length()));
        }
        return switch (GapState.valueOf(state)) {
            case MISSING -> 0;
            case REQUESTED -> 1_000;
            case UNRECOVERABLE -> 1_000_000;
            case ESTIMATED -> 2_000_000;
            case RECOVERED -> 3_000_000;
        };
    }

    /** An UNRECOVERABLE run that estimation.max.gap covers should have been estimated (its end rows came). */
    private void unrecoverableRuns(String meterId, Map<Long, GapState> ends, long periodMs, Findings f) {
        long runFrom = Long.MIN_VALUE;
        long previous = Long.MIN_VALUE;
        final TreeMap<Long, GapState> sorted = new TreeMap<>(ends);
        sorted.put(Long.MAX_VALUE, GapState.RECOVERED);
        for (Map.Entry<Long, GapState> e : sorted.entrySet()) {
            final boolean unrecoverable = e.getValue() == GapState.UNRECOVERABLE;
            if (runFrom != Long.MIN_VALUE && (!unrecoverable || e.getKey() != previous + periodMs)) {
                if (previous - runFrom + periodMs <= estimationMaxGapMs) {
                    f.lost("UNRECOVERABLE but not longer than estimation.max.gap, so to be estimated: " + meterId
                            + " " + Instant.ofEpochMilli(runFrom) + ".." + Instant.ofEpochMilli(previous));
                }
                runFrom = Long.MIN_VALUE;
            }
            if (unrecoverable && runFrom == Long.MIN_VALUE) {
                runFrom = e.getKey();
            }
            previous = e.getKey();
        }
    }

    /** Each (requestId, attempt) once; every one made up to the cut-off answered. */
    private static void requests(List<BackfillRequest> requests, List<BackfillOutcome> outcomes, long cutoffMs,
                                 Findings f) {
        final Map<String, Integer> answers = new HashMap<>();
        final EnumMap<BackfillResult, Long> results = new EnumMap<>(BackfillResult.class);
        for (BackfillOutcome o : outcomes) {
            answers.merge(attemptKey(o.requestId(), o.attempt()), 1, Integer::sum);
            results.merge(o.result(), 1L, Long::sum);
        }
        final Set<String> seen = new HashSet<>();
        final Set<String> ids = new HashSet<>();
        long retries = 0;
        long twice = 0;
        for (BackfillRequest r : requests) {
            final String key = attemptKey(r.requestId(), r.attempt());
            ids.add(r.requestId());
            retries += r.attempt() > 1 ? 1 : 0;
            if (!seen.add(key)) {
                twice++;
                f.duplicated("request " + key + " in meter-backfill-requests more than once");
            } else if (r.requestedAt() <= cutoffMs && !answers.containsKey(key)) {
                f.unanswered++;
                f.lost("request " + key + " (made " + Instant.ofEpochMilli(r.requestedAt()) + ") never answered");
            }
        }
        final long repeated = answers.values().stream().mapToLong(n -> n - 1L).sum();
        f.fact("meter-backfill-requests: " + seen.size() + " (request, attempt) of " + ids.size() + " ranges ("
                + retries + " retries), written more than once: " + twice + ", unanswered: " + f.unanswered
                + "; outcomes " + results + ", of them repeated (executed again after a worker's SIGKILL, ignored by"
                + " the ledger): " + repeated);
    }

    /**
     * Versions per (meter, capture time): each once, 1..n, none repeating the one before. Returns the highest version
     * of each capture time, per meter.
     */
    private static Map<String, TreeMap<Long, ValidatedInterval>> versions(List<ValidatedInterval> validated,
                                                                         Findings f) {
        final Map<String, Map<Integer, ValidatedInterval>> byInterval = new HashMap<>();
        long twice = 0;
        for (ValidatedInterval v : validated) {
            final String key = v.meterId() + " " + Instant.ofEpochMilli(v.capturedAt());
            if (byInterval.computeIfAbsent(key, k -> new HashMap<>()).putIfAbsent(v.version(), v) != null) {
                twice++;
                f.duplicated("version " + v.version() + " of " + key + " in meter-intervals-validated more than once");
            }
        }
        final Map<String, TreeMap<Long, ValidatedInterval>> latest = new HashMap<>();
        long superseded = 0;
        long wrong = 0;
        for (Map.Entry<String, Map<Integer, ValidatedInterval>> e : byInterval.entrySet()) {
            final Map<Integer, ValidatedInterval> versions = e.getValue();
            final int highest = versions.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();
            if (highest != versions.size()) {
                wrong++;
                f.lost("versions of " + e.getKey() + " have holes: " + new TreeMap<>(versions).keySet());
            }
            for (int v = 2; v <= highest; v++) {
                final ValidatedInterval before = versions.get(v - 1);
                final ValidatedInterval now = versions.get(v);
                if (before != null && now != null && sameContent(before, now)) {
                    wrong++;
                    f.duplicated("version " + v + " of " + e.getKey() + " repeats version " + (v - 1));
                }
                if (before != null && now != null && before.provenance() == null && now.provenance() != null) {
                    superseded++;
                }
            }
            final ValidatedInterval top = versions.get(highest);
            latest.computeIfAbsent(top.meterId(), k -> new TreeMap<>()).put(top.capturedAt(), top);
        }
        f.fact("meter-intervals-validated: " + validated.size() + " versions of " + byInterval.size()
                + " intervals, (meter, interval, version) more than once: " + twice + ", holes or unchanged versions: "
                + wrong + "; estimates superseded by a real row: " + superseded);
        return latest;
    }

    private static boolean sameContent(ValidatedInterval a, ValidatedInterval b) {
        return a.values().equals(b.values()) && a.flags().equals(b.flags())
                && (a.provenance() == null) == (b.provenance() == null) && a.quality() == b.quality()
                && a.reasons().stream().map(QualityReason::rule).toList()
                .equals(b.reasons().stream().map(QualityReason::rule).toList());
    }

    /** A row read more than once carries the same values and status each time. */
    private static void rereads(List<Interval> intervals, Findings f) {
        final Map<String, Interval> first = new HashMap<>();
        final EnumMap<Provenance, Long> again = new EnumMap<>(Provenance.class);
        long conflicting = 0;
        for (Interval row : intervals) {
            final String key = row.meterId() + " " + Instant.ofEpochMilli(row.capturedAt());
            final Interval before = first.putIfAbsent(key, row);
            if (before == null) {
                continue;
            }
            again.merge(row.provenance(), 1L, Long::sum);
            if (!before.values().equals(row.values()) || !Objects.equals(before.statusFlags(), row.statusFlags())) {
                conflicting++;
                f.duplicated("row " + key + " read again (" + row.provenance() + ") with other values: "
                        + before.values() + " / " + row.values());
            }
        }
        f.fact("meter-intervals: rows read again (a worker's SIGKILL before its offsets were committed, a request"
                + " executed again) " + again + ", with other values or status: " + conflicting);
    }

    private static long periodOf(List<Completeness> records, String meterId) {
        for (Completeness c : records) {
            if (c.meterId().equals(meterId)) {
                return c.capturePeriodSeconds() * 1000L;
            }
        }
        return 60_000L;
    }

    private static String dayOf(long t) {
        return Instant.ofEpochMilli(t).toString().substring(0, 10);
    }

    private static String attemptKey(String requestId, int attempt) {
        return requestId + "#" + attempt;
    }

    private static <T> T parse(byte[] json, Class<T> type) {
        try {
            return MeterFlowJson.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("A record of " + type.getSimpleName() + " does not parse", e);
        }
    }

    /** What the check found, with a few examples of each failure. */
    private static final class Findings {
        long lost;
        long unanswered;
        long duplicated;
        final List<String> facts = new ArrayList<>();
        final List<String> details = new ArrayList<>();

        void lost(String what) {
            lost++;
            example("lost: " + what);
        }

        void duplicated(String what) {
            duplicated++;
            example("duplicated: " + what);
        }

        void fact(String what) {
            facts.add(what);
        }

        private void example(String what) {
            if (details.size() < MAX_DETAILS) {
                details.add(what);
            }
        }
    }
}
