package io.meterflow.local.chaos;

import io.meterflow.schema.BackfillOutcome;
import io.meterflow.schema.BackfillReason;
import io.meterflow.schema.BackfillRequest;
import io.meterflow.schema.BackfillResult;
import io.meterflow.schema.Completeness;
import io.meterflow.schema.Gap;
import io.meterflow.schema.GapState;
import io.meterflow.schema.Interval;
import io.meterflow.schema.IntervalQuality;
import io.meterflow.schema.MeterValue;
import io.meterflow.schema.Provenance;
import io.meterflow.schema.QualityReason;
import io.meterflow.schema.QualityRule;
import io.meterflow.schema.ValidatedInterval;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The interval-data part of the fault suite's verdict, on records written by hand. */
class IntervalCheckTest {

    private static final long P = 60_000L;
    /** 2026-12-05T00:10:00Z */
    private static final long T = 1_796_429_400_000L;
    private static final String LATE = "dlms-late-0001";
    private static final String RING = "dlms-ring-0001";
    private static final IntervalCheck CHECK = new IntervalCheck(m -> m.startsWith("dlms-ring-"), 2 * 3_600_000L);

    private final List<Completeness> completeness = new ArrayList<>();
    private final List<BackfillRequest> requests = new ArrayList<>();
    private final List<BackfillOutcome> outcomes = new ArrayList<>();
    private final List<Interval> intervals = new ArrayList<>();
    private final List<ValidatedInterval> validated = new ArrayList<>();

    @Test
    void aGapRecoveredByItsReReadAndOneEstimatedOnAMeterThatLostTheRowArePassedEachTransitionCounted() {
        rows(LATE, T - P, T + P);
        ledger(LATE, gap(T, GapState.MISSING, 0));
        ledger(LATE, gap(T, GapState.REQUESTED, 1));
        requestAndAnswer(LATE, T, 1, BackfillResult.READ);
        ledger(LATE, gap(T, GapState.REQUESTED, 2));
        requestAndAnswer(LATE, T, 2, BackfillResult.READ);
        row(LATE, T, Provenance.BACKFILL, 1);
        ledger(LATE, gap(T, GapState.RECOVERED, 2));

        rows(RING, T - P, T + P);
        ledger(RING, gap(T, GapState.REQUESTED, 1));
        requestAndAnswer(RING, T, 1, BackfillResult.UNRECOVERABLE);
        estimate(RING, T, 1);
        ledger(RING, gap(T, GapState.ESTIMATED, 1));
        // A worker killed before its offsets were committed reads a row and answers a request again.
        intervals.add(interval(LATE, T - P, 5, Provenance.POLL));
        outcomes.add(outcome(LATE, T, 2, BackfillResult.READ));

        final IntervalVerdict verdict = judge();

        assertThat(verdict.summary())
                .isEqualTo("intervals missed 2: recovered 1, estimated 1, unrecoverable 0, still open 0");
        assertThat(verdict.lost()).as("lost %s", verdict.details()).isZero();
        assertThat(verdict.duplicated()).as("duplicated %s", verdict.details()).isZero();
        assertThat(verdict.atRest()).isTrue();
        assertThat(verdict.facts()).anyMatch(f -> f.startsWith("meter-completeness: 6 state transitions of 2"))
                .anyMatch(f -> f.contains("of them repeated (executed again after a worker's SIGKILL, ignored by the"
                        + " ledger): 1"));
    }

    @Test
    void aTransitionWrittenAgainARequestTwiceAndAVersionTwiceAreDuplicates() {
        rows(LATE, T - P, T, T + P);
        ledger(LATE, gap(T, GapState.MISSING, 0));
        ledger(LATE, gap(T, GapState.REQUESTED, 1));
        ledger(LATE, gap(T, GapState.MISSING, 0));
        requestAndAnswer(LATE, T, 1, BackfillResult.READ);
        requests.add(request(LATE, T, 1));
        ledger(LATE, gap(T, GapState.RECOVERED, 1));
        validated.add(validated.get(0));

        final IntervalVerdict verdict = judge();

        assertThat(verdict.duplicated()).as("%s", verdict.details()).isEqualTo(3);
        assertThat(verdict.details()).anyMatch(d -> d.contains("state MISSING written again"))
                .anyMatch(d -> d.contains("in meter-backfill-requests more than once"))
                .anyMatch(d -> d.contains("in meter-intervals-validated more than once"));
    }

    @Test
    void aRowReadAgainWithOtherValuesAndAVersionThatRepeatsTheOneBeforeAreDuplicates() {
        rows(LATE, T);
        intervals.add(interval(LATE, T, 99, Provenance.BACKFILL));
        validated.add(version(LATE, T, 2, Provenance.POLL, IntervalQuality.VALID));

        final IntervalVerdict verdict = judge();

        assertThat(verdict.duplicated()).as("%s", verdict.details()).isEqualTo(2);
        assertThat(verdict.details()).anyMatch(d -> d.contains("read again (BACKFILL) with other values"))
                .anyMatch(d -> d.contains("version 2 of " + LATE) && d.contains("repeats version 1"));
    }

    @Test
    void givingUpARowTheMeterStillHeldAnOpenGapAndAnUnansweredRequestAreLosses() {
        rows(LATE, T - P, T + P);
        ledger(LATE, gap(T, GapState.ESTIMATED, 1), gap(T + 2 * P, GapState.REQUESTED, 1));
        estimate(LATE, T, 1);
        requests.add(request(LATE, T + 2 * P, 1));
        rows(RING, T - P, T + P);
        ledger(RING, gap(T, GapState.UNRECOVERABLE, 1));

        final IntervalVerdict verdict = judge();

        assertThat(verdict.open()).isEqualTo(1);
        assertThat(verdict.unanswered()).isEqualTo(1);
        assertThat(verdict.atRest()).isFalse();
        assertThat(verdict.details())
                .anyMatch(d -> d.contains("ESTIMATED on a meter that holds its rows longer than the run"))
                .anyMatch(d -> d.contains("still REQUESTED"))
                .anyMatch(d -> d.contains("never answered"))
                .anyMatch(d -> d.contains("UNRECOVERABLE but not longer than estimation.max.gap"));
        assertThat(verdict.lost()).isEqualTo(4);
    }

    @Test
    void capturesAfterTheCutOffAreNotJudged() {
        ledger(LATE, gap(T, GapState.REQUESTED, 1));
        requests.add(request(LATE, T, 1));

        assertThat(CHECK.judge(records(), T - P).missed()).isZero();
        assertThat(CHECK.judge(records(), T - P).lost()).isZero();
    }

    @Test
    void theRangesTheLedgerWaitsForAreTheRequestedOnesOfTheLatestRecordAndEndWhenTheirStateIsFinal() {
        ledger(LATE, gap(T, GapState.REQUESTED, 1));
        ledger(LATE, gap(T, GapState.REQUESTED, 2), gap(T + 2 * P, GapState.MISSING, 0));
        ledger(RING, gap(T, GapState.REQUESTED, 1));

        final List<IntervalCheck.Requested> requested = IntervalCheck.requested(completeness);

        assertThat(requested).containsExactlyInAnyOrder(new IntervalCheck.Requested(LATE, T, T, 2),
                new IntervalCheck.Requested(RING, T, T, 1));
        completeness.add(new Completeness(LATE, "2026-12-05", 60, 3, 3, 0, 0,
                List.of(new Gap(T, T, 1, GapState.RECOVERED, 2, T + 5 * P)), T + 5 * P));
        assertThat(IntervalCheck.endedAfter(completeness, requested, T + 4 * P)).isEqualTo(1);
        assertThat(IntervalCheck.endedAfter(completeness, requested, T + 6 * P)).isZero();
    }

    private IntervalVerdict judge() {
        return CHECK.judge(records(), T + 10 * P);
    }

    private IntervalCheck.Records records() {
        return new IntervalCheck.Records(completeness, requests, outcomes, intervals, validated);
    }

    private static Gap gap(long t, GapState state, int attempts) {
        return new Gap(t, t, 1, state, attempts, T);
    }

    private void ledger(String meterId, Gap... gaps) {
        completeness.add(new Completeness(meterId, "2026-12-05", 60, 3, 2, 0, 1, List.of(gaps), T));
    }

    private void rows(String meterId, long... times) {
        for (long t : times) {
            row(meterId, t, Provenance.POLL, 1);
        }
    }

    private void row(String meterId, long t, Provenance provenance, int version) {
        intervals.add(interval(meterId, t, 5, provenance));
        validated.add(version(meterId, t, version, provenance, IntervalQuality.VALID));
    }

    private void estimate(String meterId, long t, int version) {
        validated.add(version(meterId, t, version, null, IntervalQuality.ESTIMATED));
    }

    private static Interval interval(String meterId, long t, double wh, Provenance provenance) {
        return new Interval(meterId, t, List.of(new MeterValue("1.0.1.8.0.255", wh, "Wh")), 0, List.of(), null,
                provenance);
    }

    private static ValidatedInterval version(String meterId, long t, int version, Provenance provenance,
                                             IntervalQuality quality) {
        final List<QualityReason> reasons = quality == IntervalQuality.ESTIMATED
                ? List.of(new QualityReason(QualityRule.LINEAR_INTERPOLATION, "between")) : List.of();
        return new ValidatedInterval(meterId, t, List.of(new MeterValue("1.0.1.8.0.255", 5, "Wh")), List.of(), null,
                provenance, 60, quality, reasons, version, T);
    }

    private void requestAndAnswer(String meterId, long t, int attempt, BackfillResult result) {
        requests.add(request(meterId, t, attempt));
        outcomes.add(outcome(meterId, t, attempt, result));
    }

    private static BackfillRequest request(String meterId, long t, int attempt) {
        return new BackfillRequest(meterId, BackfillRequest.requestIdOf(meterId, t, t), t, t, 60, BackfillReason.GAP,
                attempt, t + 2 * P);
    }

    private static BackfillOutcome outcome(String meterId, long t, int attempt, BackfillResult result) {
        return new BackfillOutcome(meterId, BackfillRequest.requestIdOf(meterId, t, t), t, t, attempt, result, 1,
                result == BackfillResult.READ ? null : t + P, t + 3 * P,
                result == BackfillResult.READ ? null : "buffer starts later");
    }
}
