package io.meterflow.streams.validation;

import io.meterflow.schema.IntervalFlag;
import io.meterflow.schema.IntervalQuality;
import io.meterflow.schema.Provenance;
import io.meterflow.schema.QualityReason;
import io.meterflow.schema.QualityRule;
import io.meterflow.schema.ValidatedInterval;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.streams.metrics.TopologyMetrics;
import io.meterflow.streams.support.Readings;
import io.meterflow.streams.support.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.meterflow.streams.support.Rows.at;
import static io.meterflow.streams.support.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

/** Every validation rule through the real topology: the verdict, the reasons and the versions a user sees. */
class ValidationTopologyTest {

    private static final String METER = "m-1";
    private static final String RULES = """
            register: 1.0.1.8.0.255
            rules:
              - {rule: SPIKE, factor: 3, window: 4, minIntervals: 3}
              - {rule: NEGATIVE_CONSUMPTION}
              - {rule: ZERO_CONSUMPTION, intervals: 2}
              - {rule: SUM_MISMATCH, span: 2, tolerance: 0.01, minTolerance: 1}
              - {rule: CLOCK_SUSPECT}
              - {rule: METER_FLAGGED}
            """;
    private final TopologyFixture fixture = new TopologyFixture(Map.of(), "rules: []", RULES, TopologyMetrics.NONE);

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void steadyConsumptionIsValid() {
        pipe(100, 110, 120, 130);

        assertThat(validated()).extracting(ValidatedInterval::quality).containsOnly(IntervalQuality.VALID);
    }

    @Test
    void consumptionAboveFactorTimesTheMedianIsASpike() {
        pipe(100, 110, 120, 130, 140, 200);

        final ValidatedInterval spike = last(validated());
        assertThat(spike.quality()).isEqualTo(IntervalQuality.SUSPECT);
        assertThat(spike.reasons()).extracting(QualityReason::rule).containsExactly(QualityRule.SPIKE);
        assertThat(spike.reasons().get(0).message()).contains("consumption 60", "3 x the median 10");
    }

    @Test
    void aRegisterThatGoesDownIsNegativeConsumption() {
        pipe(100, 110, 105);

        final ValidatedInterval row = last(validated());
        assertThat(row.reasons()).extracting(QualityReason::rule).containsExactly(QualityRule.NEGATIVE_CONSUMPTION);
        assertThat(row.reasons().get(0).message()).contains("went down by 5");
    }

    @Test
    void noConsumptionWhileTheReadingsRegisterGrowsIsSuspect() {
        fixture.pipe(row(METER, 0, 100));
        fixture.pipe(Readings.energyAtMeterTime(METER, at(0) + 5_000, at(0) + 5_000, 100));
        fixture.pipe(row(METER, 1, 100));
        fixture.pipe(Readings.energyAtMeterTime(METER, at(1) + 5_000, at(1) + 5_000, 104));
        fixture.pipe(row(METER, 2, 100));

        final ValidatedInterval row = last(validated());
        assertThat(row.reasons()).extracting(QualityReason::rule).contains(QualityRule.ZERO_CONSUMPTION);
        assertThat(row.reasons().stream().filter(r -> r.rule() == QualityRule.ZERO_CONSUMPTION).findFirst().orElseThrow()
                .message()).contains("grew by 4");
    }

    @Test
    void profileGrowthBelowWhatTheRegisterReadingsProveIsASumMismatch() {
        fixture.pipe(Readings.energyAtMeterTime(METER, at(0) + 1_000, at(0) + 1_000, 101));
        fixture.pipe(row(METER, 0, 100));
        fixture.pipe(row(METER, 1, 105));
        fixture.pipe(Readings.energyAtMeterTime(METER, at(2) - 1_000, at(2) - 1_000, 150));
        fixture.pipe(row(METER, 2, 110));

        final ValidatedInterval row = last(validated());
        assertThat(row.reasons()).extracting(QualityReason::rule).containsExactly(QualityRule.SUM_MISMATCH);
        assertThat(row.reasons().get(0).message()).contains("profile grew by 10", "at least 49");
    }

    @Test
    void aReadingAfterTheRowCanProveTooMuchGrowthAndWritesTheNextVersion() {
        fixture.pipe(Readings.energyAtMeterTime(METER, at(0) - 1_000, at(0) - 1_000, 99.5));
        fixture.pipe(row(METER, 0, 100));
        fixture.pipe(row(METER, 1, 110));
        fixture.pipe(row(METER, 2, 200));
        assertThat(last(validated()).version()).isEqualTo(1);

        fixture.pipe(Readings.energyAtMeterTime(METER, at(2) + 1_000, at(2) + 1_000, 121));
        final ValidatedInterval again = last(validated());
        assertThat(again.capturedAt()).isEqualTo(at(2));
        assertThat(again.version()).isEqualTo(2);
        assertThat(again.reasons()).extracting(QualityReason::rule).contains(QualityRule.SUM_MISMATCH);
    }

    @Test
    void rowsCapturedWhileTheClockWasOffAreClockSuspect() {
        fixture.pipe(row(METER, 0, 100, Provenance.POLL, List.of(IntervalFlag.CLOCK_ADJUSTED)));

        final ValidatedInterval row = single(validated());
        assertThat(row.quality()).isEqualTo(IntervalQuality.SUSPECT);
        assertThat(row.reasons()).extracting(QualityReason::rule).containsExactly(QualityRule.CLOCK_SUSPECT);
        assertThat(row.reasons().get(0).message()).contains("CLOCK_ADJUSTED");
    }

    @Test
    void rowsTheMeterMarkedAreMeterFlagged() {
        fixture.pipe(row(METER, 0, 100, Provenance.POLL, List.of(IntervalFlag.DATA_NOT_VALID, IntervalFlag.POWER_DOWN)));

        final ValidatedInterval row = single(validated());
        assertThat(row.reasons()).extracting(QualityReason::rule).containsExactly(QualityRule.METER_FLAGGED);
        assertThat(row.reasons().get(0).message()).contains("DATA_NOT_VALID").doesNotContain("POWER_DOWN");
    }

    @Test
    void aLateNeighbourThatChangesAVerdictWritesTheNextVersion() {
        fixture.pipe(row(METER, 0, 100));
        fixture.pipe(row(METER, 2, 90));
        assertThat(last(validated())).satisfies(v -> {
            assertThat(v.quality()).as("no neighbour: no consumption to judge").isEqualTo(IntervalQuality.VALID);
            assertThat(v.version()).isEqualTo(1);
        });

        fixture.pipe(row(METER, 1, 95));
        final List<ValidatedInterval> written = validated();
        assertThat(written).extracting(ValidatedInterval::capturedAt, ValidatedInterval::version).containsExactly(
                org.assertj.core.groups.Tuple.tuple(at(1), 1), org.assertj.core.groups.Tuple.tuple(at(2), 2));
        assertThat(written.get(1).reasons()).extracting(QualityReason::rule)
                .containsExactly(QualityRule.NEGATIVE_CONSUMPTION);
    }

    @Test
    void aRepeatedRowWritesNothingAndAChangedOneTheNextVersion() {
        pipe(100, 110);
        validated();

        fixture.pipe(row(METER, 1, 110, Provenance.BACKFILL, List.of()));
        assertThat(validated()).as("the same content re-read").isEmpty();

        fixture.pipe(row(METER, 1, 111, Provenance.BACKFILL, List.of()));
        final ValidatedInterval changed = single(validated());
        assertThat(changed.version()).isEqualTo(2);
        assertThat(changed.provenance()).isEqualTo(Provenance.BACKFILL);
    }

    private void pipe(double... importWh) {
        for (int i = 0; i < importWh.length; i++) {
            fixture.pipe(row(METER, i, importWh[i]));
        }
    }

    private List<ValidatedInterval> validated() {
        return fixture.drain(MeterFlowTopics.INTERVALS_VALIDATED);
    }

    private static ValidatedInterval last(List<ValidatedInterval> written) {
        assertThat(written).isNotEmpty();
        return written.get(written.size() - 1);
    }

    private static ValidatedInterval single(List<ValidatedInterval> written) {
        assertThat(written).hasSize(1);
        return written.get(0);
    }
}
