package io.meterflow.streams.alerts;

import io.meterflow.schema.Severity;
import io.meterflow.streams.config.RulesFileException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertRulesTest {

    @Test
    void theShippedDefaultRulesAreTheDesignsRules() {
        final AlertRules rules = AlertRules.load(Path.of("config/alert-rules.yaml"));

        assertThat(rules.rules()).extracting(AlertRule::name).containsExactly("HighErrorRate", "ClockDrift",
                "MeterSilent", "LowPublicationRate", "CounterReset");
        final AlertRule drift = rules.rules().get(1);
        assertThat(drift.metric()).isEqualTo(Metric.CLOCK_DRIFT_SECONDS);
        assertThat(drift.threshold()).isEqualTo(10.0);
        assertThat(drift.critical()).isEqualTo(60.0);
        assertThat(drift.escalateAfter()).as("ClockDrift has critical: 60 of its own").isEqualTo(Escalation.NEVER);
        assertThat(rules.forMetric(Metric.ERROR_PCT)).singleElement().satisfies(r -> {
            assertThat(r.above()).isTrue();
            assertThat(r.threshold()).isEqualTo(5.0);
            assertThat(r.severity()).isEqualTo(Severity.HIGH);
            assertThat(r.healthyAfter()).isEqualTo(Duration.ofMinutes(10));
        });
        assertThat(rules.forMetric(Metric.SILENT_INTERVALS)).singleElement().satisfies(r -> {
            assertThat(r.threshold()).isEqualTo(3.0);
            assertThat(r.healthyAfter()).as("a silent meter must answer a while before it is resolved").isPositive();
        });
        assertThat(rules.forMetric(Metric.PUBLICATION_PCT)).singleElement().satisfies(r -> {
            assertThat(r.above()).isFalse();
            assertThat(r.threshold()).isEqualTo(50.0);
        });
    }

    @Test
    void everyProblemIsReportedWithTheRuleAndTheFieldItIsIn() {
        final String yaml = """
                rules:
                  - name: Drift
                    metric: clock_drift
                    above: 10
                    severity: HIGH
                  - name: Errors
                    metric: error_pct
                    above: 5
                    below: 1
                    severity: urgent
                    for: 5 minutes
                  - metric: counter_reset
                    above: 0
                    severity: LOW
                  - name: Silent
                    metric: silent_intervals
                    above: 3
                    critical: 2
                    severity: HIGH
                    escalateAfter: 0
                    treshold: 4
                  - name: Resets
                    metric: counter_reset
                    above: 0
                    severity: MEDIUM
                    escalateAfter: 3
                  - name: Errors2
                    metric: error_pct
                    above: 5
                    severity: MEDIUM
                    escalateAfter: soon
                  - name: Errors3
                    metric: error_pct
                    above: 5
                    severity: MEDIUM
                    escalateAfter: PT0S
                  - name: Drift
                    metric: clock_drift_seconds
                    above: 1
                    severity: INFO
                    window: PT5M
                """;

        assertThatThrownBy(() -> AlertRules.parse(yaml, "rules.yaml"))
                .isInstanceOf(RulesFileException.class)
                .satisfies(e -> assertThat(((RulesFileException) e).problems()).containsExactlyInAnyOrder(
                        "rule 'Drift' (#1), field 'metric': 'clock_drift' is not one of error_pct, publication_pct,"
                                + " clock_drift_seconds, silent_intervals, counter_reset",
                        "rule 'Errors' (#2), field 'severity': 'urgent' is not one of INFO, MEDIUM, HIGH, CRITICAL",
                        "rule 'Errors' (#2), field 'above': exactly one of 'above' or 'below' is required",
                        "rule 'Errors' (#2), field 'for': '5 minutes' is not an ISO-8601 duration such as PT5M",
                        "rule #3, field 'name': required, a non-empty string",
                        "rule #3, field 'severity': 'LOW' is not one of INFO, MEDIUM, HIGH, CRITICAL",
                        "rule 'Silent' (#4), field 'treshold': unknown field; known fields are [above, below, critical,"
                                + " description, escalateAfter, for, healthyAfter, metric, name, noDataAfter, severity, window]",
                        "rule 'Silent' (#4), field 'critical': must be above the threshold 3.0",
                        "rule 'Silent' (#4), field 'escalateAfter': a number of windows must be a whole number >= 1, got 0",
                        "rule 'Resets' (#5), field 'escalateAfter': counter_reset is not evaluated per window, so 3"
                                + " cannot count windows: give a duration such as PT30M, or never",
                        "rule 'Errors2' (#6), field 'escalateAfter': 'soon' is not a duration such as PT30M, a number of"
                                + " windows (windowed metrics only) or never",
                        "rule 'Errors3' (#7), field 'escalateAfter': must be positive (never turns escalation off), got PT0S",
                        "rule 'Drift' (#8), field 'window': only windowed metrics (error_pct, publication_pct) have a window"))
                .hasMessageStartingWith("Invalid alert rules in rules.yaml:");
    }

    @Test
    void escalationIsOffWhereARuleHasACriticalThresholdElsePerWindowOrByDuration() {
        final AlertRules rules = AlertRules.parse("""
                rules:
                  - {name: Drift, metric: clock_drift_seconds, above: 10, critical: 60, severity: MEDIUM}
                  - {name: DriftLong, metric: clock_drift_seconds, above: 10, critical: 60, severity: MEDIUM, escalateAfter: PT2H}
                  - {name: Errors, metric: error_pct, above: 5, severity: HIGH}
                  - {name: ErrorsTwo, metric: error_pct, above: 5, severity: HIGH, escalateAfter: 2}
                  - {name: ErrorsNever, metric: error_pct, above: 5, severity: HIGH, escalateAfter: never}
                  - {name: Silent, metric: silent_intervals, above: 3, severity: HIGH}
                """, "x");

        assertThat(rules.rules()).extracting(AlertRule::name, r -> r.escalateAfter().toString()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Drift", "never"),
                org.assertj.core.groups.Tuple.tuple("DriftLong", "PT2H"),
                org.assertj.core.groups.Tuple.tuple("Errors", "3"),
                org.assertj.core.groups.Tuple.tuple("ErrorsTwo", "2"),
                org.assertj.core.groups.Tuple.tuple("ErrorsNever", "never"),
                org.assertj.core.groups.Tuple.tuple("Silent", "PT30M"));
    }

    @Test
    void duplicateNamesAreRejected() {
        final String yaml = """
                rules:
                  - {name: A, metric: error_pct, above: 5, severity: HIGH}
                  - {name: A, metric: error_pct, above: 9, severity: HIGH}
                """;
        assertThatThrownBy(() -> AlertRules.parse(yaml, "x"))
                .hasMessageContaining("rule 'A' (#2), field 'name': duplicate rule name");
    }

    @Test
    void aFileThatIsNotARuleListSaysSo() {
        assertThatThrownBy(() -> AlertRules.parse("alerts: {}", "x"))
                .hasMessageContaining("top-level field 'rules' must be a list of rules");
        assertThatThrownBy(() -> AlertRules.parse("rules: [", "x")).hasMessageContaining("not valid YAML");
    }
}
