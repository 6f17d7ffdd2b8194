package io.meterflow.streams.alerts;

import io.meterflow.schema.Alert;
import io.meterflow.schema.AlertState;
import io.meterflow.schema.ErrorStats;
import io.meterflow.schema.ReadingStatus;
import io.meterflow.schema.Severity;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.streams.support.CountingMetrics;
import io.meterflow.streams.support.Readings;
import io.meterflow.streams.support.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.meterflow.schema.AlertState.FIRING;
import static io.meterflow.schema.AlertState.NO_DATA;
import static io.meterflow.schema.AlertState.PENDING;
import static io.meterflow.schema.AlertState.RESOLVED;
import static io.meterflow.schema.ReadingSource.DLMS;
import static io.meterflow.streams.support.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** Every alert transition, driven through the real topology with explicit event times and a mock wall clock. */
class AlertTopologyTest {

    static final String RULES = """
            rules:
              - name: ClockDrift
                metric: clock_drift_seconds
                above: 10
                critical: 60
                for: PT1M
                healthyAfter: PT2M
                severity: MEDIUM
                noDataAfter: PT10M
              - name: HighErrorRate
                metric: error_pct
                above: 5
                healthyAfter: PT5M
                severity: HIGH
              - name: LowPublicationRate
                metric: publication_pct
                below: 50
                severity: MEDIUM
              - name: CounterReset
                metric: counter_reset
                above: 0
                healthyAfter: PT15M
                severity: MEDIUM
              - name: MeterSilent
                metric: silent_intervals
                above: 3
                severity: HIGH
                escalateAfter: PT90S
            """;
    private static final long SEC = 1_000;
    private static final long MIN = 60 * SEC;

    private final CountingMetrics metrics = new CountingMetrics();
    private final TopologyFixture fixture = new TopologyFixture(Map.of(),
            RULES, metrics);

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aBadConditionIsPendingFirstAndFiresOnceItHeldForItsForDuration() {
        drift("m1", T0, 15);
        assertThat(alerts("ClockDrift")).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(PENDING);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.since()).isEqualTo(T0);
            assertThat(a.at()).isEqualTo(T0);
            assertThat(a.value()).isEqualTo(15.0);
            assertThat(a.threshold()).isEqualTo(10.0);
            assertThat(a.consecutive()).isEqualTo(1);
        });

        drift("m1", T0 + 30 * SEC, 16);
        assertThat(alerts("ClockDrift")).as("for (1 min) not yet reached").isEmpty();

        drift("m1", T0 + 60 * SEC, 17);
        assertThat(alerts("ClockDrift")).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(FIRING);
            assertThat(a.since()).isEqualTo(T0);
            assertThat(a.at()).isEqualTo(T0 + 60 * SEC);
            assertThat(a.consecutive()).isEqualTo(3);
            assertThat(a.message()).contains("clock_drift_seconds 17 above 10");
        });
        assertThat(metrics.transitions("ClockDrift", FIRING)).isEqualTo(1);
    }

    @Test
    void aPendingAlertThatClearsIsResolvedOnlyAfterTheHealthyAfterPeriod() {
        drift("m1", T0, 15);
        drift("m1", T0 + 30 * SEC, 1);
        drift("m1", T0 + 90 * SEC, 1);
        assertThat(states("ClockDrift")).containsExactly(PENDING);

        drift("m1", T0 + 150 * SEC, 1);
        assertThat(alerts("ClockDrift")).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(RESOLVED);
            assertThat(a.at()).isEqualTo(T0 + 150 * SEC);
            assertThat(a.message()).contains("cleared before firing");
        });
    }

    @Test
    void aFiringAlertResolvesOnceAfterItWasHealthyForHealthyAfter() {
        fire("m1");
        drift("m1", T0 + 90 * SEC, 2);
        drift("m1", T0 + 150 * SEC, 2);
        assertThat(alerts("ClockDrift")).as("healthy for 1 of 2 minutes").isEmpty();

        drift("m1", T0 + 210 * SEC, 2);
        drift("m1", T0 + 240 * SEC, 2);

        assertThat(alerts("ClockDrift")).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(RESOLVED);
            assertThat(a.at()).isEqualTo(T0 + 210 * SEC);
            assertThat(a.since()).isEqualTo(T0);
        });
    }

    @Test
    void aFiringAlertWithACriticalThresholdOfItsOwnIsNotEscalatedByMoreBadReadings() {
        fire("m1");
        for (int i = 3; i <= 40; i++) {
            drift("m1", T0 + i * 30 * SEC, 20);
        }

        assertThat(alerts("ClockDrift")).as("20 s is not 60 s, however often it is read").isEmpty();
    }

    @Test
    void aValueBeyondTheCriticalThresholdIsCriticalAtOnce() {
        fire("m1");
        drift("m1", T0 + 90 * SEC, 75);

        assertThat(alerts("ClockDrift")).extracting(Alert::state, Alert::severity).containsExactly(tuple(FIRING, Severity.CRITICAL));
    }

    @Test
    void aGoodEvaluationWhilePendingRestartsTheForClockWithoutWritingATransition() {
        drift("m1", T0, 15);
        drift("m1", T0 + 20 * SEC, 5);
        drift("m1", T0 + 40 * SEC, 15);
        drift("m1", T0 + 60 * SEC, 15);
        assertThat(states("ClockDrift")).as("bad/good/bad: held only since 40 s at 60 s, and no re-PENDING")
                .containsExactly(PENDING);

        drift("m1", T0 + 90 * SEC, 15);
        assertThat(alerts("ClockDrift")).as("held 50 of 60 s").isEmpty();

        drift("m1", T0 + 100 * SEC, 15);
        assertThat(alerts("ClockDrift")).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(FIRING);
            assertThat(a.at()).as("for (1 min) after the bad stretch began at 40 s").isEqualTo(T0 + 100 * SEC);
            assertThat(a.since()).as("the episode began with the first bad evaluation").isEqualTo(T0);
            assertThat(a.consecutive()).isEqualTo(4);
        });
    }

    @Test
    void anInputCrossingTheThresholdOnEveryEvaluationForTenMinutesFiresAtMostOnceAndNeverPingPongs() {
        // Bad and good in turn every 30 s: the condition never holds for `for` (1 min) and is never healthy for
        // `healthyAfter` (2 min), so the alert stays PENDING the whole 10 minutes.
        for (int i = 0; i <= 20; i++) {
            drift("m1", T0 + i * 30 * SEC, i % 2 == 0 ? 15 : 5);
        }
        assertThat(states("ClockDrift")).containsExactly(PENDING);
        assertThat(metrics.transitions("ClockDrift", FIRING)).isZero();

        // Then healthy for good: one RESOLVED, nothing after.
        for (int i = 21; i <= 30; i++) {
            drift("m1", T0 + i * 30 * SEC, 5);
        }
        assertThat(alerts("ClockDrift")).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(RESOLVED);
            assertThat(a.at()).isEqualTo(T0 + 25 * 30 * SEC);
            assertThat(a.message()).contains("cleared before firing");
        });
    }

    @Test
    void aFiringAlertWhoseInputCrossesTheThresholdOnEveryEvaluationForTenMinutesStaysFiringOnce() {
        fire("m1");
        for (int i = 3; i <= 23; i++) {
            drift("m1", T0 + i * 30 * SEC, i % 2 == 0 ? 15 : 5);
        }
        assertThat(alerts("ClockDrift")).as("no RESOLVED/FIRING ping-pong, no escalation").isEmpty();

        for (int i = 24; i <= 30; i++) {
            drift("m1", T0 + i * 30 * SEC, 5);
        }
        assertThat(alerts("ClockDrift")).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(RESOLVED);
            assertThat(a.at()).isEqualTo(T0 + 27 * 30 * SEC);
            assertThat(a.message()).contains("healthy for");
        });
        assertThat(metrics.transitions("ClockDrift", FIRING)).isEqualTo(1);
    }

    @Test
    void anActiveAlertWithoutDataGoesToNoDataAndBackToFiringWhenBadDataReturns() {
        fire("m1");
        fixture.advanceWallClock(Duration.ofMinutes(5));
        assertThat(alerts("ClockDrift")).isEmpty();

        fixture.advanceWallClock(Duration.ofMinutes(6));
        assertThat(alerts("ClockDrift")).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(NO_DATA);
            assertThat(a.value()).isNull();
            assertThat(a.at()).isEqualTo(T0 + 11 * MIN);
            assertThat(a.since()).isEqualTo(T0);
        });
        fixture.advanceWallClock(Duration.ofMinutes(20));
        assertThat(alerts("ClockDrift")).as("NO_DATA is written once").isEmpty();

        drift("m1", T0 + 31 * MIN, 30);
        assertThat(states("ClockDrift")).containsExactly(FIRING);
    }

    @Test
    void aPendingAlertWithoutDataGoesToNoDataAndIsPendingAgainWhenBadDataIsBack() {
        drift("m1", T0, 15);
        assertThat(states("ClockDrift")).containsExactly(PENDING);
        fixture.passWallClock(Duration.ofMinutes(11));
        assertThat(states("ClockDrift")).containsExactly(NO_DATA);

        drift("m1", T0 + 11 * MIN, 15);
        assertThat(alerts("ClockDrift")).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(PENDING);
            assertThat(a.at()).isEqualTo(T0 + 11 * MIN);
            assertThat(a.since()).isEqualTo(T0);
            assertThat(a.message()).contains("data is back");
        });
        drift("m1", T0 + 11 * MIN + 30 * SEC, 15);
        assertThat(alerts("ClockDrift")).as("the gap interrupted the bad stretch: for counts from 11 min").isEmpty();
        drift("m1", T0 + 12 * MIN, 15);
        assertThat(alerts("ClockDrift")).extracting(Alert::state, Alert::at).containsExactly(tuple(FIRING, T0 + 12 * MIN));
    }

    @Test
    void noDataIsNotRecoveryGoodDataMustLastHealthyAfterBeforeResolved() {
        fire("m1");
        fixture.passWallClock(Duration.ofMinutes(11));
        assertThat(states("ClockDrift")).containsExactly(NO_DATA);

        drift("m1", T0 + 11 * MIN, 1);
        assertThat(alerts("ClockDrift")).isEmpty();
        drift("m1", T0 + 13 * MIN, 1);
        assertThat(states("ClockDrift")).containsExactly(RESOLVED);
    }

    @Test
    void aMeterSilentForMoreThanThreeExpectedIntervalsFiresFromTheWallClockAndResolvesWhenItReportsAgain() {
        fixture.pipe(Readings.ok("d1", DLMS, T0));
        fixture.passWallClock(Duration.ofMinutes(2));
        assertThat(alerts("MeterSilent")).isEmpty();

        fixture.passWallClock(Duration.ofSeconds(90));
        assertThat(alerts("MeterSilent")).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(FIRING);
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.at()).isEqualTo(T0 + 210 * SEC);
            assertThat(a.value()).isEqualTo(3.5);
        });
        fixture.advanceWallClock(Duration.ofSeconds(30));
        assertThat(alerts("MeterSilent")).as("still silent: no new transition").isEmpty();

        fixture.pipe(Readings.ok("d1", DLMS, T0 + 4 * MIN));
        fixture.advanceWallClock(Duration.ofSeconds(30));
        assertThat(states("MeterSilent")).containsExactly(RESOLVED);
    }

    @Test
    void aReplayedBacklogIsNotSilenceButAMeterThatStoppedInItIsSilentOnceTheAppHasCaughtUp() {
        // Two hours of readings replayed over 12 minutes of wall-clock time (5 minutes of event time per 30 s of
        // wall clock); d1 stopped reporting 10 minutes into the backlog, d2 reported all along.
        final long backlogStart = T0 - 120 * MIN;
        for (int tick = 0; tick < 24; tick++) {
            for (int minute = tick * 5; minute < tick * 5 + 5; minute++) {
                if (minute < 10) {
                    fixture.pipe(Readings.ok("d1", DLMS, backlogStart + minute * MIN));
                }
                fixture.pipe(Readings.ok("d2", DLMS, backlogStart + minute * MIN + 1));
            }
            fixture.passWallClock(Duration.ofSeconds(30));
        }
        assertThat(alerts("MeterSilent")).as("readings hours old by event time, but arriving: no MeterSilent").isEmpty();

        // Caught up: d2 reports live; d1, whose last reading arrived in the second tick (at 30 s), is silent.
        fixture.pipe(Readings.ok("d2", DLMS, T0 + 12 * MIN));
        fixture.passWallClock(Duration.ofSeconds(30));
        assertThat(alerts("MeterSilent")).singleElement().satisfies(a -> {
            assertThat(a.meterId()).isEqualTo("d1");
            assertThat(a.state()).isEqualTo(FIRING);
            assertThat(a.at()).isEqualTo(T0 + 12 * MIN + 30 * SEC);
            assertThat(a.value()).isEqualTo(12.0);
        });
    }

    @Test
    void aCounterResetFiresAtOnceAndResolvesAfterNormalRatesForHealthyAfter() {
        fixture.pipe(Readings.energy("m1", T0, 5_000));
        fixture.pipe(Readings.energy("m1", T0 + 5 * MIN, 20));
        assertThat(alerts("CounterReset")).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(FIRING);
            assertThat(a.at()).isEqualTo(T0 + 5 * MIN);
            assertThat(a.value()).isEqualTo(1.0);
        });
        // Healthy from the first normal rate at 10 min; resolved 15 min later.
        for (int i = 2; i <= 4; i++) {
            fixture.pipe(Readings.energy("m1", T0 + i * 5 * MIN, 20 + i * 10));
        }
        assertThat(alerts("CounterReset")).isEmpty();
        fixture.pipe(Readings.energy("m1", T0 + 25 * MIN, 100));
        assertThat(alerts("CounterReset")).extracting(Alert::state, Alert::at).containsExactly(tuple(RESOLVED, T0 + 25 * MIN));
    }

    @Test
    void aHighErrorRateInAWindowFiresForTheMeterAndForTheFleet() {
        for (int i = 0; i < 5; i++) {
            fixture.pipe(Readings.withStatus("d1", DLMS, T0 + i * MIN, i == 0 ? ReadingStatus.TIMEOUT : ReadingStatus.OK));
            fixture.pipe(Readings.ok("d2", DLMS, T0 + i * MIN + 1));
        }
        // The fleet roll-up of a window closes when the meters' next window has closed.
        for (int i = 5; i < 22; i++) {
            fixture.pipe(Readings.ok("d1", DLMS, T0 + i * MIN));
            fixture.pipe(Readings.ok("d2", DLMS, T0 + i * MIN + 1));
        }

        final List<Alert> all = fixture.drain(MeterFlowTopics.ALERTS);
        assertThat(all).filteredOn(a -> a.rule().equals("HighErrorRate"))
                .extracting(Alert::meterId, Alert::state, Alert::at, Alert::value)
                .containsExactly(
                        tuple("d1", FIRING, T0 + 5 * MIN, 20.0),
                        tuple(ErrorStats.FLEET, FIRING, T0 + 5 * MIN, 10.0),
                        // healthy from the second window's end; resolved one window (5 min) later
                        tuple("d1", RESOLVED, T0 + 15 * MIN, 0.0),
                        tuple(ErrorStats.FLEET, RESOLVED, T0 + 15 * MIN, 0.0));
    }

    @Test
    void aMeterDeliveringLessThanHalfOfItsExpectedReadingsHasALowPublicationRate() {
        fixture.pipe(Readings.ok("d1", DLMS, T0));
        fixture.pipe(Readings.ok("d1", DLMS, T0 + 2 * MIN));
        fixture.pipe(Readings.ok("d1", DLMS, T0 + 12 * MIN));

        // The meter, and the fleet it is all of.
        assertThat(alerts("LowPublicationRate")).extracting(Alert::meterId, Alert::state, Alert::value, Alert::threshold)
                .containsExactly(tuple("d1", FIRING, 40.0, 50.0), tuple(ErrorStats.FLEET, FIRING, 40.0, 50.0));
    }

    private void fire(String meterId) {
        drift(meterId, T0, 15);
        drift(meterId, T0 + 60 * SEC, 15);
        assertThat(states("ClockDrift")).containsExactly(PENDING, FIRING);
    }

    private void drift(String meterId, long at, long driftSeconds) {
        fixture.pipe(Readings.clock(meterId, at, 0, at + driftSeconds * SEC));
    }

    private List<Alert> alerts(String rule) {
        return fixture.drain(MeterFlowTopics.ALERTS).stream().filter(a -> a.rule().equals(rule)).toList();
    }

    private List<AlertState> states(String rule) {
        return alerts(rule).stream().map(Alert::state).toList();
    }
}
