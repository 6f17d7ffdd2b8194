package io.meterflow.streams.ledger;

import io.meterflow.schema.BackfillOutcome;
import io.meterflow.schema.BackfillReason;
import io.meterflow.schema.BackfillRequest;
import io.meterflow.schema.BackfillResult;
import io.meterflow.schema.Completeness;
import io.meterflow.schema.Gap;
import io.meterflow.schema.GapState;
import io.meterflow.schema.IntervalQuality;
import io.meterflow.schema.Provenance;
import io.meterflow.schema.QualityRule;
import io.meterflow.schema.ValidatedInterval;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.streams.metrics.MicrometerTopologyMetrics;
import io.meterflow.streams.metrics.TopologyMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.meterflow.streams.support.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.meterflow.streams.support.Rows.PERIOD;
import static io.meterflow.streams.support.Rows.at;
import static io.meterflow.streams.support.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

/** The completeness ledger and its re-read requests through the real topology, one test per state and transition. */
class LedgerTopologyTest {

    private static final String METER = "m-1";
    private static final String DAY = "2026-01-01";
    private TopologyFixture fixture = fixture(Map.of());

    private static TopologyFixture fixture(Map<String, String> overrides) {
        return fixture(overrides, TopologyMetrics.NONE);
    }

    private static TopologyFixture fixture(Map<String, String> overrides, TopologyMetrics metrics) {
        final Map<String, String> config = new HashMap<>(Map.of(
                "backfill.max.attempts", "3", "backfill.retry.backoff", "PT1M", "backfill.retry.backoff.max", "PT4M",
                "backfill.request.timeout", "PT5M", "estimation.max.gap", "PT30M"));
        config.putAll(overrides);
        // Only the flag rules: consumption verdicts are ValidationTopologyTest's.
        return new TopologyFixture(config, "rules: []", """
                register: 1.0.1.8.0.255
                rules:
                  - rule: METER_FLAGGED
                """, metrics);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void rowsUpToTheClockLessTheLagAreExpectedAndAHoleIsMissing() {
        pipeRows(0, 1, 2, 4, 6);

        final Completeness day = latest();
        // Stream time 01:30, lag 2 x 15 min: expected 00:00..01:00 and the row of 01:30 that came early.
        assertThat(day.expected()).isEqualTo(6);
        assertThat(day.received()).isEqualTo(5);
        assertThat(day.missing()).isEqualTo(1);
        assertThat(day.gaps()).containsExactly(new Gap(at(3), at(3), 1, GapState.MISSING, 0, fixture.wallClock()));
        assertThat(day.complete()).isFalse();
    }

    @Test
    void aMissingRangeIsRequestedAtTheNextPunctuationAndRecoveredByItsRow() {
        pipeRows(0, 1, 2, 4, 6);
        fixture.drain(MeterFlowTopics.COMPLETENESS);

        fixture.advanceWallClock(Duration.ofSeconds(30));

        final long asked = fixture.wallClock();
        assertThat(fixture.drain(MeterFlowTopics.BACKFILL_REQUESTS)).containsExactly(new BackfillRequest(METER,
                METER + "/" + at(3) + "/" + at(3), at(3), at(3), 900, BackfillReason.GAP, 1, asked));
        assertThat(latest().gaps()).containsExactly(new Gap(at(3), at(3), 1, GapState.REQUESTED, 1, asked));

        fixture.pipe(row(METER, 3, 30, Provenance.BACKFILL, List.of()));
        final Completeness day = latest();
        assertThat(day.gaps()).extracting(Gap::state).containsExactly(GapState.RECOVERED);
        assertThat(day.received()).isEqualTo(6);
        assertThat(day.missing()).isZero();
        assertThat(day.complete()).isTrue();

        // The outcome comes after the rows: it changes nothing, and nothing is asked again.
        fixture.pipe(new BackfillOutcome(METER, METER + "/" + at(3) + "/" + at(3), at(3), at(3), 1, BackfillResult.READ,
                1, null, fixture.wallClock(), null));
        fixture.passWallClock(Duration.ofMinutes(20));
        assertThat(fixture.drain(MeterFlowTopics.BACKFILL_REQUESTS)).isEmpty();
        assertThat(fixture.drain(MeterFlowTopics.COMPLETENESS)).isEmpty();
    }

    @Test
    void aRowInsideARangeSplitsIt() {
        pipeRows(0, 4, 8);
        fixture.pipe(row(METER, 2, 20));

        assertThat(latest().gaps()).extracting(g -> g.from(), g -> g.to(), Gap::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple(at(1), at(1), GapState.MISSING),
                org.assertj.core.groups.Tuple.tuple(at(2), at(2), GapState.RECOVERED),
                org.assertj.core.groups.Tuple.tuple(at(3), at(3), GapState.MISSING),
                org.assertj.core.groups.Tuple.tuple(at(5), at(6), GapState.MISSING));
        assertThat(latest().missing()).isEqualTo(4);
    }

    @Test
    void failedAttemptsAreAskedAgainWithDoublingBackoffThenTheRangeIsUnrecoverable() {
        pipeRows(0, 1, 5, 7);
        fixture.advanceWallClock(Duration.ofSeconds(30));
        final BackfillRequest first = single(fixture.drain(MeterFlowTopics.BACKFILL_REQUESTS));
        assertThat(first.from()).isEqualTo(at(2));
        assertThat(first.to()).isEqualTo(at(4));

        answer(first, BackfillResult.FAILED);
        fixture.passWallClock(Duration.ofSeconds(30));
        assertThat(fixture.drain(MeterFlowTopics.BACKFILL_REQUESTS)).as("before the 1 min backoff").isEmpty();
        fixture.passWallClock(Duration.ofSeconds(30));
        final BackfillRequest second = single(fixture.drain(MeterFlowTopics.BACKFILL_REQUESTS));
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.requestId()).isEqualTo(first.requestId());
        assertThat(latest().gaps()).extracting(Gap::attempts).containsExactly(2);

        answer(second, BackfillResult.FAILED);
        fixture.passWallClock(Duration.ofSeconds(90));
        assertThat(fixture.drain(MeterFlowTopics.BACKFILL_REQUESTS)).as("before the 2 min backoff").isEmpty();
        fixture.passWallClock(Duration.ofSeconds(30));
        final BackfillRequest third = single(fixture.drain(MeterFlowTopics.BACKFILL_REQUESTS));
        assertThat(third.attempt()).isEqualTo(3);

        answer(third, BackfillResult.FAILED);
        final Completeness day = latest();
        assertThat(day.gaps()).extracting(Gap::state).containsExactly(GapState.UNRECOVERABLE);
        assertThat(day.missing()).as("45 min: longer than estimation.max.gap").isEqualTo(3);
        fixture.passWallClock(Duration.ofMinutes(30));
        assertThat(fixture.drain(MeterFlowTopics.BACKFILL_REQUESTS)).as("budget of 3 attempts spent").isEmpty();
    }

    @Test
    void aRequestWithoutOutcomeWithinTheTimeoutIsAskedAgain() {
        pipeRows(0, 2, 4);
        fixture.advanceWallClock(Duration.ofSeconds(30));
        final BackfillRequest first = single(fixture.drain(MeterFlowTopics.BACKFILL_REQUESTS));

        fixture.passWallClock(Duration.ofMinutes(5));
        assertThat(fixture.drain(MeterFlowTopics.BACKFILL_REQUESTS)).as("timed out, backoff running").isEmpty();
        fixture.passWallClock(Duration.ofMinutes(1));
        final BackfillRequest second = single(fixture.drain(MeterFlowTopics.BACKFILL_REQUESTS));
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.requestId()).isEqualTo(first.requestId());

        // A late answer to attempt 1 is stale: it neither ends attempt 2 nor gives the range up.
        answer(first, BackfillResult.UNRECOVERABLE);
        assertThat(latest().gaps()).extracting(Gap::state).containsExactly(GapState.REQUESTED);
    }

    @Test
    void anUnrecoverableShortGapIsEstimatedAndARealRowLaterSupersedesTheEstimate() {
        fixture.pipe(row(METER, 0, 100));
        fixture.pipe(row(METER, 1, 110));
        fixture.pipe(row(METER, 4, 140));
        fixture.pipe(row(METER, 6, 160));
        fixture.drain(MeterFlowTopics.INTERVALS_VALIDATED);
        fixture.advanceWallClock(Duration.ofSeconds(30));
        answer(single(fixture.drain(MeterFlowTopics.BACKFILL_REQUESTS)), BackfillResult.UNRECOVERABLE);

        final List<ValidatedInterval> estimates = fixture.drain(MeterFlowTopics.INTERVALS_VALIDATED);
        assertThat(estimates).extracting(ValidatedInterval::capturedAt).containsExactly(at(2), at(3));
        assertThat(estimates).extracting(v -> v.values().get(0).value()).containsExactly(120.0, 130.0);
        assertThat(estimates).allSatisfy(v -> {
            assertThat(v.quality()).isEqualTo(IntervalQuality.ESTIMATED);
            assertThat(v.provenance()).isNull();
            assertThat(v.version()).isEqualTo(1);
            assertThat(v.reasons()).extracting(r -> r.rule()).containsExactly(QualityRule.LINEAR_INTERPOLATION);
        });
        Completeness day = latest();
        assertThat(day.gaps()).extracting(Gap::state).containsExactly(GapState.ESTIMATED);
        assertThat(day.estimated()).isEqualTo(2);
        assertThat(day.missing()).isZero();
        assertThat(day.complete()).isTrue();

        fixture.pipe(row(METER, 2, 121, Provenance.PUSH, List.of()));
        final ValidatedInterval real = single(fixture.drain(MeterFlowTopics.INTERVALS_VALIDATED));
        assertThat(real.version()).isEqualTo(2);
        assertThat(real.quality()).isEqualTo(IntervalQuality.VALID);
        assertThat(real.provenance()).isEqualTo(Provenance.PUSH);
        day = latest();
        assertThat(day.gaps()).extracting(Gap::state).containsExactly(GapState.RECOVERED, GapState.ESTIMATED);
        assertThat(day.estimated()).isEqualTo(1);
        assertThat(day.received()).isEqualTo(5);
    }

    @Test
    void anUnrecoverableGapLongerThanTheEstimationLimitStaysUnrecoverable() {
        pipeRows(0, 6, 8);
        fixture.advanceWallClock(Duration.ofSeconds(30));
        fixture.drain(MeterFlowTopics.INTERVALS_VALIDATED);
        answer(single(fixture.drain(MeterFlowTopics.BACKFILL_REQUESTS)), BackfillResult.UNRECOVERABLE);

        assertThat(fixture.drain(MeterFlowTopics.INTERVALS_VALIDATED)).isEmpty();
        assertThat(latest().gaps()).extracting(Gap::state).containsExactly(GapState.UNRECOVERABLE);
        assertThat(latest().missing()).isEqualTo(5);
    }

    @Test
    void aMeterThatStopsSendingGetsATrailingGapFromTheWallClock() {
        pipeRows(0, 1, 2);
        fixture.drain(MeterFlowTopics.COMPLETENESS);
        // Wall clock 02:00: rows up to 01:30 expected (lag 30 min), 00:45..01:30 never came.
        fixture.advanceWallClock(Duration.ofHours(2));
        fixture.advanceWallClock(Duration.ofSeconds(30));

        final BackfillRequest request = single(fixture.drain(MeterFlowTopics.BACKFILL_REQUESTS));
        assertThat(request.from()).isEqualTo(at(3));
        assertThat(request.to()).isEqualTo(at(6));
        assertThat(latest().expected()).isEqualTo(7);
        assertThat(latest().missing()).isEqualTo(4);
    }

    @Test
    void aRangeLongerThanTheMaxRangeIsAskedInSeveralRequests() {
        fixture.close();
        fixture = fixture(Map.of("backfill.max.range", "PT1H"));
        pipeRows(0, 11, 13);
        fixture.advanceWallClock(Duration.ofSeconds(30));

        assertThat(fixture.drain(MeterFlowTopics.BACKFILL_REQUESTS)).extracting(BackfillRequest::from, BackfillRequest::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(at(1), at(4)),
                        org.assertj.core.groups.Tuple.tuple(at(5), at(8)),
                        org.assertj.core.groups.Tuple.tuple(at(9), at(10)));
    }

    @Test
    void beyondTheOpenGapBoundTheOldestRangesAreGivenUp() {
        fixture.close();
        fixture = fixture(Map.of("ledger.max.open.gaps", "2"));
        pipeRows(0, 2, 4, 6, 8);

        assertThat(latest().gaps()).extracting(Gap::state)
                .containsExactly(GapState.UNRECOVERABLE, GapState.MISSING, GapState.MISSING);
    }

    @Test
    void aRepeatedRowChangesNothingAndARowOlderThanTheRetentionIsNotCounted() {
        fixture.close();
        fixture = fixture(Map.of("ledger.retention", "P1D"));
        pipeRows(0, 1, 2);
        fixture.drain(MeterFlowTopics.COMPLETENESS);
        fixture.drain(MeterFlowTopics.INTERVALS_VALIDATED);

        fixture.pipe(row(METER, 2, 20, Provenance.BACKFILL, List.of()));
        assertThat(fixture.drain(MeterFlowTopics.COMPLETENESS)).isEmpty();
        assertThat(fixture.drain(MeterFlowTopics.INTERVALS_VALIDATED)).as("same content re-read").isEmpty();

        fixture.pipe(row(METER, 3 * 96, 5000));
        fixture.drain(MeterFlowTopics.COMPLETENESS);
        fixture.pipe(row(METER, 3, 30));
        assertThat(fixture.drain(MeterFlowTopics.COMPLETENESS)).as("day 1 is older than P1D").isEmpty();
    }

    @Test
    void prometheusCountsRequestsOutcomesVersionsAndTheFleetRatio() {
        fixture.close();
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        fixture = fixture(Map.of(), new MicrometerTopologyMetrics(registry));
        fixture.pipe(row(METER, 0, 100));
        fixture.pipe(row(METER, 1, 110));
        fixture.pipe(row(METER, 4, 140));
        fixture.pipe(row(METER, 6, 160));
        fixture.advanceWallClock(Duration.ofSeconds(30));
        final BackfillRequest request = single(fixture.drain(MeterFlowTopics.BACKFILL_REQUESTS));
        answer(request, BackfillResult.UNRECOVERABLE);
        answer(request, BackfillResult.UNRECOVERABLE);
        fixture.advanceWallClock(Duration.ofSeconds(30));

        assertThat(registry.get("meterflow.backfill.requests").tags("reason", "GAP", "attempt", "1").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("meterflow.backfill.outcomes").tags("result", "UNRECOVERABLE", "stale", "false")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("meterflow.backfill.outcomes").tags("result", "UNRECOVERABLE", "stale", "true")
                .counter().count()).as("the repeated answer").isEqualTo(1);
        assertThat(registry.get("meterflow.intervals.validated").tags("quality", "VALID").counter().count()).isEqualTo(4);
        assertThat(registry.get("meterflow.intervals.validated").tags("quality", "ESTIMATED").counter().count()).isEqualTo(2);
        assertThat(registry.get("meterflow.intervals.validation.rule.hits").tags("rule", "LINEAR_INTERPOLATION")
                .counter().count()).isEqualTo(2);
    }

    @Test
    void theFleetGaugeCountsTheLastDayOfCaptureTimesThatAreAnHourOverdue() {
        fixture.close();
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        fixture = fixture(Map.of(), new MicrometerTopologyMetrics(registry));
        pipeRows(0, 1, 2, 4, 5, 6, 7, 8);
        // The first punctuation sees a backlog (newest row 02:00, wall clock 03:00) and waits; the second judges.
        fixture.advanceWallClock(Duration.ofHours(3));
        fixture.advanceWallClock(Duration.ofSeconds(30));

        // Expected up to 02:30 (wall clock less the lag); the gauge stops at 02:00:30, an hour ago: 00:00..02:00,
        // of which 00:45 is missing. The trailing 02:15 and 02:30 are missing too, but not yet an hour overdue.
        assertThat(latest().missing()).as("00:45, 02:15, 02:30").isEqualTo(3);
        assertThat(registry.get("meterflow.ledger.expected.rows").gauge().value()).isEqualTo(9);
        assertThat(registry.get("meterflow.ledger.fleet.completeness.ratio").gauge().value()).isEqualTo(8 / 9.0);
    }

    private void pipeRows(int... indexes) {
        for (int index : indexes) {
            fixture.pipe(row(METER, index, index * 10.0));
        }
    }

    private void answer(BackfillRequest request, BackfillResult result) {
        fixture.pipe(new BackfillOutcome(METER, request.requestId(), request.from(), request.to(), request.attempt(),
                result, 0, null, fixture.wallClock(), result == BackfillResult.READ ? null : result + " in test"));
    }

    /** The day's latest ledger written so far. */
    private Completeness latest() {
        final List<Completeness> written = fixture.drain(MeterFlowTopics.COMPLETENESS);
        latestSeen = written.stream().filter(c -> c.day().equals(DAY)).reduce((a, b) -> b).orElse(latestSeen);
        return latestSeen;
    }

    private Completeness latestSeen;

    private static <T> T single(List<T> values) {
        assertThat(values).hasSize(1);
        return values.get(0);
    }
}
