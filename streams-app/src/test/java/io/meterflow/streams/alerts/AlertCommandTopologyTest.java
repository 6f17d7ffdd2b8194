package io.meterflow.streams.alerts;

import io.meterflow.schema.Alert;
import io.meterflow.schema.AlertCommand;
import io.meterflow.schema.AlertCommand.Action;
import io.meterflow.schema.AlertCommandResult;
import io.meterflow.schema.AlertCommandResult.Outcome;
import io.meterflow.schema.AlertCommandResult.Reason;
import io.meterflow.schema.AlertState;
import io.meterflow.schema.ErrorStats;
import io.meterflow.schema.ReadingStatus;
import io.meterflow.schema.Severity;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.streams.support.Readings;
import io.meterflow.streams.support.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.meterflow.schema.AlertState.FIRING;
import static io.meterflow.schema.AlertState.NO_DATA;
import static io.meterflow.schema.AlertState.PENDING;
import static io.meterflow.schema.AlertState.RESOLVED;
import static io.meterflow.schema.ReadingSource.DLMS;
import static io.meterflow.streams.support.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Operator commands through the real topology: every command in every alert state, acknowledged or not, sent once
 * and again (a redelivery), each result validated against its schema by the fixture.
 */
class AlertCommandTopologyTest {

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
            """;
    private static final long SEC = 1_000;
    private static final long MIN = 60 * SEC;
    private static final String METER = "m1";
    private static final String RULE = "ClockDrift";

    private final TopologyFixture fixture = new TopologyFixture(Map.of(), RULES);
    /** Event time of the next reading and time of the next command; both only move forward. */
    private long now = T0;

    @AfterEach
    void close() {
        fixture.close();
    }

    /** The alert states a command can meet. */
    enum Given {
        NONE(null), PENDING(AlertState.PENDING), FIRING(AlertState.FIRING), ESCALATED(AlertState.FIRING),
        NO_DATA(AlertState.NO_DATA), RESOLVED(null);

        final AlertState state;

        Given(AlertState state) {
            this.state = state;
        }

        boolean active() {
            return state != null;
        }
    }

    static Stream<Arguments> everyCommandInEveryState() {
        final List<Arguments> all = new ArrayList<>();
        for (Given given : Given.values()) {
            for (boolean acked : given.active() ? new boolean[] {false, true} : new boolean[] {false}) {
                for (Action action : Action.values()) {
                    all.add(Arguments.of(given, acked, action));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{1}acknowledged {0}: {2}")
    @MethodSource("everyCommandInEveryState")
    void everyCommandInEveryStateIsAppliedOrRejectedWithItsReasonAndOnlyOnce(Given given, boolean acked, Action action) {
        reach(given);
        if (acked) {
            send(command(Action.ACKNOWLEDGE, "alice"));
        }
        results();
        final List<Alert> transitionsBefore = fixture.drain(MeterFlowTopics.ALERTS);
        assertThat(transitionsBefore).as("setup transitions drained").isNotNull();

        final AlertCommand command = command(action, "bob");
        send(command);
        final AlertCommandResult first = single(results());
        assertThat(first.commandId()).isEqualTo(command.commandId());
        assertThat(first.duplicate()).isFalse();
        assertThat(first.actor()).isEqualTo("bob");
        assertThat(first.at()).isEqualTo(command.at());
        assertThat(first.comment()).isEqualTo(command.comment());

        final Reason expected = expectedRejection(given, acked, action);
        if (expected == null) {
            assertThat(first.outcome()).isEqualTo(Outcome.APPLIED);
            assertThat(first.reason()).isNull();
            assertThat(first.workflow().state()).isEqualTo(given.state);
            assertAppliedWorkflow(first.workflow(), acked, command);
        } else {
            assertThat(first.outcome()).isEqualTo(Outcome.REJECTED);
            assertThat(first.reason()).isEqualTo(expected);
            assertThat(first.message()).isNotBlank();
            if (given.active()) {
                assertThat(first.workflow().state()).isEqualTo(given.state);
                assertThat(first.workflow().acknowledgedBy()).isEqualTo(acked ? "alice" : null);
            } else {
                assertThat(first.workflow()).as("no alert, no workflow").isNull();
            }
        }
        assertThat(fixture.drain(MeterFlowTopics.ALERTS)).as("a command changes no alert state").isEmpty();

        // The same command again (an API retry with the same Idempotency-Key): the outcome is repeated, nothing
        // is applied twice. Without an alert there is no episode to remember it in; it is rejected again.
        send(command);
        final AlertCommandResult again = single(results());
        assertThat(again.outcome()).isEqualTo(first.outcome());
        assertThat(again.reason()).isEqualTo(first.reason());
        assertThat(again.workflow()).isEqualTo(first.workflow());
        assertThat(again.duplicate()).isEqualTo(given.active());
    }

    private static Reason expectedRejection(Given given, boolean acked, Action action) {
        if (!given.active()) {
            return Reason.NO_ACTIVE_ALERT;
        }
        return switch (action) {
            case ACKNOWLEDGE -> acked ? Reason.ALREADY_ACKNOWLEDGED : null;
            case UNACKNOWLEDGE -> acked ? null : Reason.NOT_ACKNOWLEDGED;
            default -> null;
        };
    }

    private static void assertAppliedWorkflow(AlertCommandResult.Workflow w, boolean acked, AlertCommand c) {
        switch (c.action()) {
            case ACKNOWLEDGE -> {
                assertThat(w.acknowledgedBy()).isEqualTo("bob");
                assertThat(w.acknowledgedAt()).isEqualTo(c.at());
            }
            case UNACKNOWLEDGE -> assertThat(w.acknowledgedBy()).isNull();
            case SHELVE -> {
                assertThat(w.shelvedUntil()).isEqualTo(c.shelvedUntil());
                assertThat(w.acknowledgedBy()).isEqualTo(acked ? "alice" : null);
            }
            case ASSIGN -> {
                assertThat(w.assignee()).isEqualTo("carol");
                assertThat(w.acknowledgedBy()).isEqualTo(acked ? "alice" : null);
            }
            case COMMENT -> {
                assertThat(w.acknowledgedBy()).isEqualTo(acked ? "alice" : null);
                assertThat(w.shelvedUntil()).isNull();
                assertThat(w.assignee()).isNull();
            }
        }
    }

    @Test
    void anAcknowledgementLastsUntilTheEpisodeResolvesAndANewEpisodeStartsUnacknowledged() {
        reach(Given.FIRING);
        fixture.drain(MeterFlowTopics.ALERTS);
        send(command(Action.ACKNOWLEDGE, "alice"));
        send(command(Action.ASSIGN, "alice"));
        send(command(Action.SHELVE, "alice"));
        assertThat(results()).extracting(AlertCommandResult::outcome).containsOnly(Outcome.APPLIED);

        // Still bad, then healthy for healthyAfter: the RESOLVED transition carries the episode's workflow.
        drift(20);
        drift(1);
        drift(1);
        drift(1);
        drift(1);
        drift(1);
        assertThat(fixture.drain(MeterFlowTopics.ALERTS)).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(RESOLVED);
            assertThat(a.acknowledgedBy()).isEqualTo("alice");
            assertThat(a.assignee()).isEqualTo("carol");
            assertThat(a.shelvedUntil()).isNotNull();
        });

        drift(15);
        assertThat(fixture.drain(MeterFlowTopics.ALERTS)).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(PENDING);
            assertThat(a.acknowledgedBy()).as("a new episode starts unacknowledged").isNull();
            assertThat(a.acknowledgedAt()).isNull();
            assertThat(a.shelvedUntil()).isNull();
            assertThat(a.assignee()).isNull();
        });
        send(command(Action.UNACKNOWLEDGE, "alice"));
        assertThat(single(results()).reason()).isEqualTo(Reason.NOT_ACKNOWLEDGED);
    }

    @Test
    void theTransitionsOfAnAcknowledgedAlertCarryItsWorkflowAndAnEscalationClearsTheAcknowledgement() {
        reach(Given.PENDING);
        fixture.drain(MeterFlowTopics.ALERTS);
        send(command(Action.ACKNOWLEDGE, "alice"));
        send(command(Action.ASSIGN, "alice"));
        results();

        drift(15);
        drift(15);
        assertThat(fixture.drain(MeterFlowTopics.ALERTS)).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(FIRING);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.acknowledgedBy()).as("PENDING -> FIRING at the same severity keeps it").isEqualTo("alice");
            assertThat(a.assignee()).isEqualTo("carol");
        });

        drift(75);
        assertThat(fixture.drain(MeterFlowTopics.ALERTS)).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(FIRING);
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.acknowledgedBy()).as("an escalation must be noticed again").isNull();
            assertThat(a.acknowledgedAt()).isNull();
            assertThat(a.assignee()).as("the assignment stays").isEqualTo("carol");
        });
        send(command(Action.ACKNOWLEDGE, "bob"));
        assertThat(single(results())).satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.APPLIED);
            assertThat(r.workflow().severity()).isEqualTo(Severity.CRITICAL);
            assertThat(r.workflow().acknowledgedBy()).isEqualTo("bob");
        });
    }

    @Test
    void aShelvedAlertKeepsChangingStateAndItsTransitionsSayUntilWhen() {
        reach(Given.FIRING);
        fixture.drain(MeterFlowTopics.ALERTS);
        final AlertCommand shelve = command(Action.SHELVE, "alice");
        send(shelve);
        results();

        drift(75);
        fixture.passWallClock(Duration.ofMinutes(11));
        assertThat(fixture.drain(MeterFlowTopics.ALERTS)).extracting(Alert::state, Alert::severity, Alert::shelvedUntil)
                .containsExactly(tuple(FIRING, Severity.CRITICAL, shelve.shelvedUntil()),
                        tuple(NO_DATA, Severity.CRITICAL, shelve.shelvedUntil()));
    }

    @Test
    void aCommandThatCannotApplyToAnyAlertIsRejectedAsInvalidNamingWhatIsWrong() {
        reach(Given.FIRING);
        results();
        final long at = now;
        send(AlertCommand.of(id(), METER, RULE, Action.SHELVE, "bob", at, null, null, null));
        send(AlertCommand.of(id(), METER, RULE, Action.SHELVE, "bob", at, at - 1, null, null));
        send(AlertCommand.of(id(), METER, RULE, Action.COMMENT, "bob", at, null, null, null));
        fixture.pipeUnchecked(new AlertCommand(2, id(), METER, RULE, Action.ACKNOWLEDGE, "bob", at, null, null, null));
        fixture.pipe("m2", AlertCommand.of(id(), METER, RULE, Action.ACKNOWLEDGE, "bob", at, null, null, null));

        final List<AlertCommandResult> results = results();
        assertThat(results).extracting(AlertCommandResult::outcome, AlertCommandResult::reason)
                .containsOnly(tuple(Outcome.REJECTED, Reason.INVALID_COMMAND));
        assertThat(results).extracting(AlertCommandResult::message).satisfiesExactly(
                m -> assertThat(m).contains("SHELVE needs shelvedUntil"),
                m -> assertThat(m).contains("shelvedUntil", "is not after"),
                m -> assertThat(m).contains("COMMENT needs a comment"),
                m -> assertThat(m).contains("schemaVersion 2"),
                m -> assertThat(m).contains("record key 'm2'"));
        send(command(Action.UNACKNOWLEDGE, "bob"));
        assertThat(single(results()).reason()).as("nothing was acknowledged").isEqualTo(Reason.NOT_ACKNOWLEDGED);
    }

    @Test
    void aCommandForAnotherRuleOrMeterFindsNoActiveAlert() {
        reach(Given.FIRING);
        results();
        send(AlertCommand.of(id(), METER, "HighErrorRate", Action.ACKNOWLEDGE, "bob", now, null, null, null));
        send(AlertCommand.of(id(), "m9", RULE, Action.ACKNOWLEDGE, "bob", now, null, null, null));
        assertThat(results()).extracting(AlertCommandResult::meterId, AlertCommandResult::rule, AlertCommandResult::reason)
                .containsExactly(tuple(METER, "HighErrorRate", Reason.NO_ACTIVE_ALERT),
                        tuple("m9", RULE, Reason.NO_ACTIVE_ALERT));
    }

    @Test
    void fleetAlertsTakeCommandsToo() {
        // One failed reading in five: the meter's and the fleet's (*) error rate is 20 % in the first window.
        for (int i = 0; i < 12; i++) {
            fixture.pipe(Readings.withStatus("d1", DLMS, T0 + i * MIN, i == 0 ? ReadingStatus.TIMEOUT : ReadingStatus.OK));
        }
        assertThat(fixture.drain(MeterFlowTopics.ALERTS)).extracting(Alert::meterId, Alert::state)
                .contains(tuple(ErrorStats.FLEET, FIRING));
        now = T0 + 12 * MIN;

        send(AlertCommand.of(id(), ErrorStats.FLEET, "HighErrorRate", Action.ACKNOWLEDGE, "alice", now, null, null, null));
        send(AlertCommand.of(id(), ErrorStats.FLEET, "HighErrorRate", Action.ACKNOWLEDGE, "bob", now, null, null, null));
        send(AlertCommand.of(id(), ErrorStats.FLEET, "ClockDrift", Action.ACKNOWLEDGE, "bob", now, null, null, null));
        assertThat(results()).extracting(AlertCommandResult::meterId, AlertCommandResult::outcome,
                        AlertCommandResult::reason, r -> r.workflow() == null ? null : r.workflow().acknowledgedBy())
                .containsExactly(tuple(ErrorStats.FLEET, Outcome.APPLIED, null, "alice"),
                        tuple(ErrorStats.FLEET, Outcome.REJECTED, Reason.ALREADY_ACKNOWLEDGED, "alice"),
                        tuple(ErrorStats.FLEET, Outcome.REJECTED, Reason.NO_ACTIVE_ALERT, null));
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private void reach(Given given) {
        switch (given) {
            case NONE -> drift(1);
            case PENDING -> drift(15);
            case FIRING -> {
                drift(15);
                drift(15);
                drift(15);
            }
            case ESCALATED -> {
                reach(Given.FIRING);
                drift(75);
            }
            case NO_DATA -> {
                reach(Given.FIRING);
                fixture.passWallClock(Duration.ofMinutes(11));
                now += 11 * MIN;
            }
            case RESOLVED -> {
                reach(Given.FIRING);
                for (int i = 0; i < 6; i++) {
                    drift(1);
                }
            }
        }
        final List<Alert> transitions = fixture.drain(MeterFlowTopics.ALERTS);
        final AlertState reached = transitions.isEmpty() ? null : transitions.get(transitions.size() - 1).state();
        assertThat(reached).as("reached %s", given).isEqualTo(given == Given.RESOLVED ? RESOLVED : given.state);
        if (given == Given.ESCALATED) {
            assertThat(transitions.get(transitions.size() - 1).severity()).isEqualTo(Severity.CRITICAL);
        }
    }

    /** A reading of m1 with its clock {@code driftSeconds} ahead, 30 s after the previous one. */
    private void drift(long driftSeconds) {
        fixture.pipe(Readings.clock(METER, now, 0, now + driftSeconds * SEC));
        now += 30 * SEC;
    }

    private AlertCommand command(Action action, String actor) {
        return AlertCommand.of(id(), METER, RULE, action, actor, now,
                action == Action.SHELVE ? now + 60 * MIN : null,
                action == Action.ASSIGN ? "carol" : null,
                action == Action.COMMENT ? "looked at it, " + actor : null);
    }

    private void send(AlertCommand command) {
        fixture.pipe(command);
    }

    private List<AlertCommandResult> results() {
        return fixture.drain(MeterFlowTopics.ALERT_COMMAND_RESULTS);
    }

    private static AlertCommandResult single(List<AlertCommandResult> results) {
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
