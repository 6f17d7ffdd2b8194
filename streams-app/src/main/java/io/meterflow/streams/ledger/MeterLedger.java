package io.meterflow.streams.ledger;

import io.meterflow.schema.BackfillOutcome;
import io.meterflow.schema.BackfillReason;
import io.meterflow.schema.BackfillRequest;
import io.meterflow.schema.Completeness;
import io.meterflow.schema.Gap;
import io.meterflow.schema.GapState;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The completeness ledger of one meter: which capture times it expects a row for, which rows arrived, and the state
 * of every range that was missing. Mutable; the processor reads it from its store, applies one step and writes it back.
 *
 * <p>Capture times are the multiples of the meter's capture period (epoch-aligned, as DLMS profiles capture).
 * Expected are those from the meter's first row up to the ledger clock less the allowed lag ({@link #expectedUntil}),
 * and every one a row arrived for. A row arriving for a missing capture time recovers it, whatever the range's state,
 * splitting the range. State is bounded: whole UTC days older than the retention are dropped, and a meter has at most
 * {@code ledger.max.open.gaps} open ranges.
 */
public final class MeterLedger {

    static final long DAY_MS = 86_400_000L;
    static final long NONE = Long.MIN_VALUE;

    final String meterId;
    final int periodSeconds;
    /** The earliest capture time a row arrived for (the expectation starts there). */
    long first = NONE;
    /** The latest capture time expected so far: at most the ledger clock less the allowed lag. */
    long expectedUntil = NONE;
    /** The ledger clock: the newest event time (or wall-clock time) this meter's ledger was advanced to. */
    long clock = NONE;
    /** Per UTC day (its start): a bit per capture time of the day, set when a real row arrived. */
    final TreeMap<Long, long[]> received;
    /** Ranges that were missing, ascending; none crosses midnight (UTC), none overlaps another. */
    final List<LedgerGap> gaps;
    /** Open re-read requests by request id. */
    final Map<String, BackfillAttempt> requests;

    MeterLedger(String meterId, int periodSeconds, TreeMap<Long, long[]> received, List<LedgerGap> gaps,
                Map<String, BackfillAttempt> requests) {
        this.meterId = meterId;
        this.periodSeconds = periodSeconds;
        this.received = received;
        this.gaps = gaps;
        this.requests = requests;
    }

    public static MeterLedger empty(String meterId, int periodSeconds) {
        return new MeterLedger(meterId, periodSeconds, new TreeMap<>(), new ArrayList<>(), new LinkedHashMap<>());
    }

    public String meterId() {
        return meterId;
    }

    public int periodSeconds() {
        return periodSeconds;
    }

    long periodMs() {
        return periodSeconds * 1000L;
    }

    /**
     * A real row captured at {@code capturedAt} arrived (any provenance). Returns false when the ledger ignores it:
     * a duplicate, off the capture grid, or older than the retention.
     *
     * @param clock the ledger clock (stream time of the task)
     * @param now   wall-clock time, for the states' {@code since}
     */
    public boolean row(long capturedAt, long clock, long now, LedgerPolicy policy, LedgerChanges changes) {
        final long p = periodMs();
        advanceClock(clock, policy);
        if (Math.floorMod(capturedAt, p) != 0 || capturedAt < retentionStart(policy) || isReceived(capturedAt)) {
            return false;
        }
        markReceived(capturedAt);
        changes.day(dayOf(capturedAt));
        if (first == NONE || capturedAt < first) {
            final long before = first;
            first = capturedAt;
            if (before != NONE && expectedUntil != NONE) {
                markMissing(capturedAt + p, Math.min(before - p, expectedUntil), now, policy, changes);
            }
        }
        recover(capturedAt, now, changes);
        expectUntil(horizon(policy), now, policy, changes);
        estimableNextTo(capturedAt - p, policy, changes);
        estimableNextTo(capturedAt + p, policy, changes);
        dropSettledRequests();
        return true;
    }

    /**
     * The wall-clock step: the expectation follows {@code clock} (trailing gaps of a meter that stopped sending),
     * missing ranges are requested, timed-out and failed requests are asked again or given up.
     */
    public void punctuate(long clock, long now, LedgerPolicy policy, LedgerChanges changes) {
        advanceClock(clock, policy);
        expectUntil(horizon(policy), now, policy, changes);
        for (BackfillAttempt request : List.copyOf(requests.values())) {
            if (now < request.dueAt) {
                continue;
            }
            if (request.awaitingOutcome) {
                failed(request, now, policy, changes);
            } else {
                askAgain(request, now, policy, changes);
            }
        }
        requestMissing(now, policy, changes);
        dropSettledRequests();
    }

    /** The source's answer to a request; false when it is not the answer to the attempt in flight (stale, repeated). */
    public boolean outcome(BackfillOutcome outcome, long now, LedgerPolicy policy, LedgerChanges changes) {
        final BackfillAttempt request = requests.get(outcome.requestId());
        if (request == null || !request.awaitingOutcome || request.attempt != outcome.attempt()) {
            return false;
        }
        switch (outcome.result()) {
            case UNRECOVERABLE -> giveUp(request, now, policy, changes);
            // READ: the rows it found came first; a capture time still missing after it is retried like a failure
            // (its row may still be on the way), so the budget bounds it.
            case READ, FAILED -> failed(request, now, policy, changes);
        }
        dropSettledRequests();
        return true;
    }

    /** The run was filled by estimates: its ranges become ESTIMATED. */
    public void estimated(UnrecoverableRun run, long now, LedgerChanges changes) {
        for (LedgerGap gap : gaps) {
            if (gap.state == GapState.UNRECOVERABLE && gap.from >= run.from() && gap.to <= run.to()) {
                gap.state = GapState.ESTIMATED;
                gap.since = now;
                changes.day(dayOf(gap.from));
            }
        }
        normalize();
    }

    /** Whether a real row of {@code captureTime} arrived (and its day is still kept). */
    public boolean isReceived(long captureTime) {
        final long[] bits = received.get(dayOf(captureTime));
        final int i = index(captureTime);
        return bits != null && (bits[i >>> 6] & (1L << (i & 63))) != 0;
    }

    /** Start of the oldest UTC day kept. */
    public long retentionStart(LedgerPolicy policy) {
        return clock == NONE ? NONE : dayOf(clock - policy.retentionMs());
    }

    /** The published ledger of the UTC day starting at {@code dayStart}. */
    public Completeness completeness(long dayStart, long now) {
        final long p = periodMs();
        final long[] bits = received.get(dayStart);
        int receivedRows = 0;
        int beyond = 0;
        if (bits != null) {
            for (long word : bits) {
                receivedRows += Long.bitCount(word);
            }
            for (long t = Math.max(firstCaptureOf(dayStart), expectedUntil == NONE ? NONE : expectedUntil + p);
                 t < dayStart + DAY_MS; t += p) {
                beyond += isReceived(t) ? 1 : 0;
            }
        }
        int expected = beyond;
        if (first != NONE && expectedUntil != NONE) {
            final long lo = Math.max(firstCaptureOf(dayStart), first);
            final long hi = Math.min(dayStart + DAY_MS - 1, expectedUntil);
            expected += hi >= lo ? (int) ((hi - lo) / p + 1) : 0;
        }
        int estimated = 0;
        int missing = 0;
        final List<Gap> published = new ArrayList<>();
        for (LedgerGap gap : gaps) {
            if (dayOf(gap.from) != dayStart) {
                continue;
            }
            published.add(gap.published(p));
            if (gap.state == GapState.ESTIMATED) {
                estimated += gap.intervals(p);
            } else if (gap.lacking()) {
                missing += gap.intervals(p);
            }
        }
        return new Completeness(meterId, LocalDate.ofEpochDay(Math.floorDiv(dayStart, DAY_MS)).toString(),
                periodSeconds, expected, receivedRows, estimated, missing, published, now);
    }

    /**
     * Rows received or estimated ({@code [0]}) and rows expected ({@code [1]}) among the capture times in
     * [{@code from}, {@code to}]: what the fleet completeness gauge sums over its recent window.
     */
    public long[] coverage(long from, long to) {
        if (first == NONE || expectedUntil == NONE) {
            return new long[] {0, 0};
        }
        final long p = periodMs();
        long covered = 0;
        long expected = 0;
        for (long t = ceil(Math.max(from, first), p); t <= Math.min(to, expectedUntil); t += p) {
            expected++;
            if (isReceived(t)) {
                covered++;
            } else {
                final LedgerGap gap = gapAt(t);
                covered += gap != null && gap.state == GapState.ESTIMATED ? 1 : 0;
            }
        }
        return new long[] {covered, expected};
    }

    /** Start of every UTC day the ledger keeps. */
    public List<Long> days() {
        final List<Long> days = new ArrayList<>(received.keySet());
        for (LedgerGap gap : gaps) {
            final long day = dayOf(gap.from);
            if (!days.contains(day)) {
                days.add(day);
            }
        }
        days.sort(Long::compare);
        return days;
    }

    /** Open ranges (MISSING or REQUESTED), for the bound and for tests. */
    public long openGaps() {
        return gaps.stream().filter(LedgerGap::open).count();
    }

    private void advanceClock(long newClock, LedgerPolicy policy) {
        if (newClock <= clock) {
            return;
        }
        clock = newClock;
        final long keepFrom = retentionStart(policy);
        received.headMap(keepFrom).clear();
        gaps.removeIf(gap -> gap.to < keepFrom);
        requests.values().removeIf(request -> request.to < keepFrom);
    }

    private long horizon(LedgerPolicy policy) {
        final long p = periodMs();
        return Math.floorDiv(clock - policy.allowedLagMs(periodSeconds), p) * p;
    }

    private void expectUntil(long horizon, long now, LedgerPolicy policy, LedgerChanges changes) {
        if (first == NONE || horizon < first || expectedUntil != NONE && horizon <= expectedUntil) {
            return;
        }
        final long p = periodMs();
        final long from = Math.max(expectedUntil == NONE ? first : expectedUntil + p,
                ceil(retentionStart(policy), p));
        expectedUntil = horizon;
        for (long day = dayOf(from); day <= dayOf(horizon); day += DAY_MS) {
            changes.day(day);
        }
        markMissing(from, horizon, now, policy, changes);
    }

    /** Every capture time in [from, to] with neither a row nor a range becomes part of a MISSING range. */
    private void markMissing(long from, long to, long now, LedgerPolicy policy, LedgerChanges changes) {
        final long p = periodMs();
        long runStart = NONE;
        for (long t = from; t <= to + p; t += p) {
            final boolean missing = t <= to && !isReceived(t) && gapAt(t) == null;
            final boolean breaks = runStart != NONE && (!missing || dayOf(t) != dayOf(runStart));
            if (breaks) {
                insert(new LedgerGap(runStart, t - p, GapState.MISSING, 0, now, null));
                changes.day(dayOf(runStart));
                runStart = NONE;
            }
            if (missing && runStart == NONE) {
                runStart = t;
            }
        }
        normalize();
        capOpenGaps(now, policy, changes);
    }

    /** A row arrived at {@code t}: the range holding it is split around it, the piece at {@code t} RECOVERED. */
    private void recover(long t, long now, LedgerChanges changes) {
        final LedgerGap gap = gapAt(t);
        if (gap == null || gap.state == GapState.RECOVERED) {
            return;
        }
        final long p = periodMs();
        if (gap.from < t) {
            insert(gap.copy(gap.from, t - p));
        }
        if (gap.to > t) {
            insert(gap.copy(t + p, gap.to));
        }
        gap.from = t;
        gap.to = t;
        gap.state = GapState.RECOVERED;
        gap.since = now;
        changes.day(dayOf(t));
        normalize();
    }

    private void requestMissing(long now, LedgerPolicy policy, LedgerChanges changes) {
        final long p = periodMs();
        final long chunk = Math.max(1, policy.maxRangeMs() / p);
        int i = 0;
        while (i < gaps.size()) {
            if (gaps.get(i).state != GapState.MISSING) {
                i++;
                continue;
            }
            final long from = gaps.get(i).from;
            long to = gaps.get(i).to;
            int j = i + 1;
            while (j < gaps.size() && gaps.get(j).state == GapState.MISSING && gaps.get(j).from == to + p) {
                to = gaps.get(j).to;
                j++;
            }
            for (long start = from; start <= to; start += chunk * p) {
                request(start, Math.min(to, start + (chunk - 1) * p), now, policy, changes);
            }
            i = j;
        }
    }

    private void request(long from, long to, long now, LedgerPolicy policy, LedgerChanges changes) {
        final String id = BackfillRequest.requestIdOf(meterId, from, to);
        if (requests.containsKey(id)) {
            return;
        }
        splitAt(to);
        for (LedgerGap gap : gaps) {
            if (gap.state == GapState.MISSING && gap.from >= from && gap.to <= to) {
                gap.state = GapState.REQUESTED;
                gap.attempts = 1;
                gap.since = now;
                gap.requestId = id;
                changes.day(dayOf(gap.from));
            }
        }
        requests.put(id, new BackfillAttempt(id, from, to, 1, true, now + policy.requestTimeoutMs()));
        changes.request(new BackfillRequest(meterId, id, from, to, periodSeconds, BackfillReason.GAP, 1, now));
    }

    private void askAgain(BackfillAttempt request, long now, LedgerPolicy policy, LedgerChanges changes) {
        request.attempt++;
        request.awaitingOutcome = true;
        request.dueAt = now + policy.requestTimeoutMs();
        for (LedgerGap gap : piecesOf(request)) {
            gap.attempts = request.attempt;
            changes.day(dayOf(gap.from));
        }
        changes.request(new BackfillRequest(meterId, request.requestId, request.from, request.to, periodSeconds,
                BackfillReason.GAP, request.attempt, now));
    }

    private void failed(BackfillAttempt request, long now, LedgerPolicy policy, LedgerChanges changes) {
        if (request.attempt >= policy.maxAttempts()) {
            giveUp(request, now, policy, changes);
            return;
        }
        request.awaitingOutcome = false;
        request.dueAt = now + policy.backoffMs(request.attempt);
        changes.stateChanged();
    }

    private void giveUp(BackfillAttempt request, long now, LedgerPolicy policy, LedgerChanges changes) {
        final List<LedgerGap> pieces = piecesOf(request);
        for (LedgerGap gap : pieces) {
            gap.state = GapState.UNRECOVERABLE;
            gap.since = now;
            changes.day(dayOf(gap.from));
        }
        requests.remove(request.requestId);
        normalize();
        for (LedgerGap gap : pieces) {
            estimableNextTo(gap.from, policy, changes);
        }
    }

    /** If {@code t} lies in an unrecoverable run between two real rows, short enough, it is offered to estimation. */
    private void estimableNextTo(long t, LedgerPolicy policy, LedgerChanges changes) {
        final LedgerGap at = gapAt(t);
        if (at == null || at.state != GapState.UNRECOVERABLE || policy.estimationMaxGapMs() <= 0) {
            return;
        }
        final long p = periodMs();
        final int index = gaps.indexOf(at);
        int lo = index;
        while (lo > 0 && gaps.get(lo - 1).state == GapState.UNRECOVERABLE && gaps.get(lo - 1).to + p == gaps.get(lo).from) {
            lo--;
        }
        int hi = index;
        while (hi < gaps.size() - 1 && gaps.get(hi + 1).state == GapState.UNRECOVERABLE
                && gaps.get(hi).to + p == gaps.get(hi + 1).from) {
            hi++;
        }
        final UnrecoverableRun run = new UnrecoverableRun(gaps.get(lo).from, gaps.get(hi).to, p);
        if (run.to() - run.from() + p <= policy.estimationMaxGapMs() && isReceived(run.before())
                && isReceived(run.after())) {
            changes.unrecoverable(run);
        }
    }

    /** Beyond the bound, the oldest open ranges are given up (a row still recovers them). */
    private void capOpenGaps(long now, LedgerPolicy policy, LedgerChanges changes) {
        long open = openGaps();
        for (Iterator<LedgerGap> it = gaps.iterator(); it.hasNext() && open > policy.maxOpenGaps(); ) {
            final LedgerGap gap = it.next();
            if (gap.open()) {
                gap.state = GapState.UNRECOVERABLE;
                gap.since = now;
                changes.day(dayOf(gap.from));
                open--;
            }
        }
    }

    private List<LedgerGap> piecesOf(BackfillAttempt request) {
        return gaps.stream().filter(g -> g.state == GapState.REQUESTED && request.requestId.equals(g.requestId)).toList();
    }

    private void dropSettledRequests() {
        requests.values().removeIf(request -> piecesOf(request).isEmpty());
    }

    private LedgerGap gapAt(long t) {
        for (LedgerGap gap : gaps) {
            if (gap.contains(t)) {
                return gap;
            }
            if (gap.from > t) {
                return null;
            }
        }
        return null;
    }

    private void splitAt(long t) {
        final LedgerGap gap = gapAt(t);
        if (gap != null && gap.to > t) {
            insert(gap.copy(t + periodMs(), gap.to));
            gap.to = t;
        }
    }

    private void insert(LedgerGap gap) {
        int i = 0;
        while (i < gaps.size() && gaps.get(i).from < gap.from) {
            i++;
        }
        gaps.add(i, gap);
    }

    /** Neighbouring ranges of one day in the same state for the same request become one. */
    private void normalize() {
        final long p = periodMs();
        for (int i = gaps.size() - 1; i > 0; i--) {
            final LedgerGap a = gaps.get(i - 1);
            final LedgerGap b = gaps.get(i);
            if (a.to + p == b.from && dayOf(a.from) == dayOf(b.from) && a.state == b.state && a.attempts == b.attempts
                    && java.util.Objects.equals(a.requestId, b.requestId)) {
                a.to = b.to;
                a.since = Math.min(a.since, b.since);
                gaps.remove(i);
            }
        }
    }

    private void markReceived(long t) {
        final long day = dayOf(t);
        final long[] bits = received.computeIfAbsent(day, d -> new long[(capturesPerDay(d) + 63) >>> 6]);
        final int i = index(t);
        bits[i >>> 6] |= 1L << (i & 63);
    }

    private int index(long t) {
        return (int) ((t - firstCaptureOf(dayOf(t))) / periodMs());
    }

    private long firstCaptureOf(long dayStart) {
        return ceil(dayStart, periodMs());
    }

    private int capturesPerDay(long dayStart) {
        return (int) ((dayStart + DAY_MS - 1 - firstCaptureOf(dayStart)) / periodMs() + 1);
    }

    static long dayOf(long t) {
        return Math.floorDiv(t, DAY_MS) * DAY_MS;
    }

    private static long ceil(long t, long p) {
        return t == NONE ? NONE : -Math.floorDiv(-t, p) * p;
    }
}
