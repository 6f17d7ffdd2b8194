package io.meterflow.streams.alerts;

import io.meterflow.schema.Alert;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingStatus;
import io.meterflow.schema.Severity;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.streams.support.Readings;
import io.meterflow.streams.support.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

import static io.meterflow.schema.AlertState.FIRING;
import static io.meterflow.schema.AlertState.PENDING;
import static io.meterflow.schema.AlertState.RESOLVED;
import static io.meterflow.schema.ReadingSource.DLMS;
import static io.meterflow.streams.support.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The shipped rules file (config/alert-rules.yaml) against the misbehaving meters of the local fleet
 * (simulator/scenarios/local.yaml), polled every 10 s as in {@code ./meterflow local}: event time and wall clock
 * advance together, as on a live app.
 */
class ShippedRulesTest {

    private static final long SEC = 1_000;
    private static final long MIN = 60 * SEC;
    private static final Duration POLL = Duration.ofSeconds(10);

    private final TopologyFixture fixture = new TopologyFixture(Map.of("expected.interval.dlms", "PT10S"), shippedRules());
    private final List<Alert> alerts = new ArrayList<>();
    private long now = T0;

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aMeterThatAnswersNothingStaysSilentFiringThroughItsFailedPollsAndResolvesOnlyAfterAnsweringForHealthyAfter() {
        // dlms-silent-0001: answers for 2 minutes, then nothing for 7 minutes, then answers. While silent, every
        // poll is a TIMEOUT reading, and the connector backs off (10 s, 20 s, 40 s, ... between polls).
        poll(Duration.ofMinutes(2), at -> Readings.ok("dlms-silent-0001", DLMS, at));
        final long silentFrom = now;
        final long[] nextPoll = {now, POLL.toMillis()};
        poll(Duration.ofMinutes(7), at -> {
            if (at < nextPoll[0]) {
                return null;
            }
            nextPoll[0] = at + nextPoll[1];
            nextPoll[1] *= 2;
            return Readings.failed("dlms-silent-0001", DLMS, at, ReadingStatus.TIMEOUT);
        });

        assertThat(meterSilent()).as("failed polls are no sign of life: FIRING once, never RESOLVED while silent")
                .extracting(Alert::state).containsExactly(FIRING);
        assertThat(meterSilent().get(0).at()).as("fired about 3 intervals after the last answer")
                .isBetween(silentFrom + 20 * SEC, silentFrom + 60 * SEC);

        final long answersAgain = now;
        final Duration healthyAfter = rule("MeterSilent").healthyAfter();
        assertThat(healthyAfter).as("the shipped MeterSilent rule waits before resolving").isPositive();
        poll(healthyAfter.plusMinutes(2), at -> Readings.ok("dlms-silent-0001", DLMS, at));

        assertThat(meterSilent()).extracting(Alert::state).containsExactly(FIRING, RESOLVED);
        assertThat(meterSilent().get(1).at()).as("resolved only after answering for healthyAfter")
                .isGreaterThanOrEqualTo(answersAgain + healthyAfter.toMillis());
    }

    @Test
    void aMeterThatFailsEveryOtherPollIsNotSilent() {
        final long[] n = {0};
        poll(Duration.ofMinutes(20), at -> n[0]++ % 2 == 0
                ? Readings.ok("dlms-flaky-0001", DLMS, at)
                : Readings.failed("dlms-flaky-0001", DLMS, at, ReadingStatus.UNREACHABLE));

        assertThat(meterSilent()).isEmpty();
    }

    @Test
    void aClockFifteenSecondsOffStaysAtTheRuleSeverityForAnHourBecauseClockDriftHasItsOwnCriticalThreshold() {
        // dlms-drift15s-0001: 15 s ahead, polled every 10 s.
        poll(Duration.ofMinutes(60), at -> Readings.clock("dlms-drift15s-0001", at, 0, at + 15 * SEC));

        assertThat(clockDrift()).extracting(Alert::state, Alert::severity)
                .containsExactly(tuple(PENDING, Severity.MEDIUM), tuple(FIRING, Severity.MEDIUM));

        // dlms-drift90s-0001 territory: beyond `critical: 60` it is CRITICAL at once.
        poll(POLL, at -> Readings.clock("dlms-drift15s-0001", at, 0, at + 61 * SEC));
        assertThat(clockDrift()).extracting(Alert::state, Alert::severity)
                .containsExactly(tuple(PENDING, Severity.MEDIUM), tuple(FIRING, Severity.MEDIUM),
                        tuple(FIRING, Severity.CRITICAL));
    }

    /**
     * Polls every 10 s for {@code span}: one reading per poll (none where {@code reading} gives null), then the wall
     * clock moves on to the next poll.
     */
    private void poll(Duration span, LongFunction<Reading> reading) {
        for (long end = now + span.toMillis(); now < end; now += POLL.toMillis()) {
            final Reading polled = reading.apply(now);
            if (polled != null) {
                fixture.pipe(polled);
            }
            fixture.advanceWallClock(POLL);
            alerts.addAll(fixture.drain(MeterFlowTopics.ALERTS));
        }
    }

    private List<Alert> meterSilent() {
        return alerts.stream().filter(a -> a.rule().equals("MeterSilent")).toList();
    }

    private List<Alert> clockDrift() {
        return alerts.stream().filter(a -> a.rule().equals("ClockDrift")).toList();
    }

    private static AlertRule rule(String name) {
        return AlertRules.parse(shippedRules(), "shipped").rules().stream().filter(r -> r.name().equals(name))
                .findFirst().orElseThrow();
    }

    private static String shippedRules() {
        try {
            return Files.readString(Path.of("config/alert-rules.yaml"));
        } catch (IOException e) {
            throw new AssertionError("the shipped rules file", e);
        }
    }
}
