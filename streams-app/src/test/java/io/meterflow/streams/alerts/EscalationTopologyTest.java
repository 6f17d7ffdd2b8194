package io.meterflow.streams.alerts;

import io.meterflow.schema.Alert;
import io.meterflow.schema.ReadingStatus;
import io.meterflow.schema.Severity;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.streams.support.Readings;
import io.meterflow.streams.support.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.meterflow.schema.AlertState.FIRING;
import static io.meterflow.schema.ReadingSource.DLMS;
import static io.meterflow.streams.support.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** Escalation to CRITICAL counts time or windows while FIRING, never per-reading evaluations. */
class EscalationTopologyTest {

    static final String RULES = """
            rules:
              - name: Drift
                metric: clock_drift_seconds
                above: 10
                healthyAfter: PT5M
                severity: MEDIUM
                escalateAfter: PT10M
              - name: Errors
                metric: error_pct
                above: 5
                healthyAfter: PT30M
                severity: HIGH
                escalateAfter: 2
            """;
    private static final long SEC = 1_000;
    private static final long MIN = 60 * SEC;

    private final TopologyFixture fixture = new TopologyFixture(Map.of(), RULES);

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aFiringAlertBecomesCriticalOnceItHasStayedBadForItsEscalationDurationHoweverOftenItIsRead() {
        for (long at = T0; at < T0 + 10 * MIN; at += 10 * SEC) {
            drift(at, 20);
        }
        assertThat(alerts("Drift")).extracting(Alert::state, Alert::severity).containsExactly(tuple(FIRING, Severity.MEDIUM));

        drift(T0 + 10 * MIN, 20);
        assertThat(alerts("Drift")).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.at()).isEqualTo(T0 + 10 * MIN);
            assertThat(a.message()).contains("escalated to CRITICAL: bad for PT10M while firing");
        });
    }

    @Test
    void aGoodReadingWhileFiringStartsTheEscalationDurationOver() {
        drift(T0, 20);
        drift(T0 + 6 * MIN, 20);
        drift(T0 + 7 * MIN, 1);
        drift(T0 + 8 * MIN, 20);
        drift(T0 + 17 * MIN, 20);
        assertThat(alerts("Drift")).extracting(Alert::severity).containsExactly(Severity.MEDIUM);

        drift(T0 + 18 * MIN, 20);
        assertThat(alerts("Drift")).extracting(Alert::severity).containsExactly(Severity.CRITICAL);
    }

    @Test
    void aWindowedRuleEscalatesAfterItsNumberOfFurtherBadWindows() {
        // One reading a minute, one of them failed in each 5-minute window: 20 % errors in every window.
        for (int i = 0; i < 17; i++) {
            fixture.pipe(Readings.withStatus("d1", DLMS, T0 + i * MIN, i % 5 == 0 ? ReadingStatus.TIMEOUT : ReadingStatus.OK));
        }
        assertThat(meter("d1", alerts("Errors"))).extracting(Alert::state, Alert::severity, Alert::at)
                .as("fired by the first window, escalated by the second and third")
                .containsExactly(tuple(FIRING, Severity.HIGH, T0 + 5 * MIN), tuple(FIRING, Severity.CRITICAL, T0 + 15 * MIN));
    }

    private void drift(long at, long driftSeconds) {
        fixture.pipe(Readings.clock("m1", at, 0, at + driftSeconds * SEC));
    }

    private List<Alert> alerts(String rule) {
        return fixture.drain(MeterFlowTopics.ALERTS).stream().filter(a -> a.rule().equals(rule)).toList();
    }

    private static List<Alert> meter(String meterId, List<Alert> alerts) {
        return alerts.stream().filter(a -> a.meterId().equals(meterId)).toList();
    }
}
