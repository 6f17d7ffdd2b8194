package io.meterflow.streams.alerts;

import io.meterflow.schema.Severity;
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
        assertThat(drift.escalateAfter()).isEqualTo(3);
        assertThat(rules.forMetric(Metric.ERROR_PCT)).singleElement().satisfies(r -> {
            assertThat(r.above()).isTrue();
            assertThat(r.threshold()).isEqualTo(5.0);
            assertThat(r.severity()).isEqualTo(Severity.HIGH);
            assertThat(r.healthyAfter()).isEqualTo(Duration.ofMinutes(10));
        });
        assertThat(rules.forMetric(Metric.SILENT_INTERVALS)).singleElement().extracting(AlertRule::threshold).isEqualTo(3.0);
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
                  - name: Drift
                    metric: clock_drift_seconds
                    above: 1
                    severity: INFO
                    window: PT5M
                """;

        assertThatThrownBy(() -> AlertRules.parse(yaml, "rules.yaml"))
                .isInstanceOf(AlertRulesException.class)
                .satisfies(e -> assertThat(((AlertRulesException) e).problems()).containsExactlyInAnyOrder(
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
                        "rule 'Silent' (#4), field 'escalateAfter': must be a whole number >= 1, got 0",
                        "rule 'Drift' (#5), field 'window': only windowed metrics (error_pct, publication_pct) have a window"))
                .hasMessageStartingWith("Invalid alert rules in rules.yaml:");
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
