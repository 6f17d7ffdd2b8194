package io.meterflow.streams.validation;

import io.meterflow.schema.IntervalFlag;
import io.meterflow.streams.config.RulesFileException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidationRulesTest {

    @Test
    void theShippedFileIsValidAndRunsEveryRule() {
        final ValidationRules rules = ValidationRules.load(Path.of("config/validation-rules.yaml"));

        assertThat(rules.register()).isEqualTo("1.0.1.8.0.255");
        assertThat(rules.spike()).isEqualTo(new ValidationRules.Spike(5, 48, 8));
        assertThat(rules.negative()).isTrue();
        assertThat(rules.zero()).isEqualTo(new ValidationRules.ZeroConsumption(4));
        assertThat(rules.sum()).isEqualTo(new ValidationRules.SumCheck(4, 0.02, 1.0));
        assertThat(rules.clockFlags()).containsExactlyInAnyOrder(IntervalFlag.CLOCK_SUSPECT, IntervalFlag.CLOCK_INVALID,
                IntervalFlag.CLOCK_ADJUSTED);
        assertThat(rules.meterFlags()).containsExactlyInAnyOrder(IntervalFlag.DATA_NOT_VALID, IntervalFlag.CRITICAL_ERROR);
    }

    @Test
    void everyProblemIsReportedNamingTheRuleAndTheField() {
        assertThatThrownBy(() -> ValidationRules.parse("""
                register: 1.0.1.8.0
                rules:
                  - {rule: SPIKE, factor: 1, window: 4, minIntervals: 9}
                  - {rule: ZERO_CONSUMPTION, intervals: 0, above: 3}
                  - {rule: METER_FLAGGED, flags: [DATA_NOT_VALID, NOT_A_FLAG]}
                  - {rule: NEGATIVE_CONSUMPTION}
                  - {rule: NEGATIVE_CONSUMPTION}
                  - {rule: LOUD}
                """, "rules.yaml"))
                .isInstanceOfSatisfying(RulesFileException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "top-level field 'register': '1.0.1.8.0' is not an OBIS code such as 1.0.1.8.0.255",
                        "rule 'SPIKE' (#1), field 'factor': must be a number > 1.0, got 1",
                        "rule 'SPIKE' (#1), field 'minIntervals': must be a whole number in 1..4, got 9",
                        "rule 'ZERO_CONSUMPTION' (#2), field 'above': unknown field; known fields are [intervals]",
                        "rule 'ZERO_CONSUMPTION' (#2), field 'intervals': must be a whole number in 1..1000, got 0",
                        "rule 'METER_FLAGGED' (#3), field 'flags': 'NOT_A_FLAG' is not one of [CRITICAL_ERROR,"
                                + " CLOCK_INVALID, DATA_NOT_VALID, DAYLIGHT_SAVING, CLOCK_ADJUSTED, POWER_DOWN, CLOCK_SUSPECT]",
                        "rule 'NEGATIVE_CONSUMPTION' (#5), field 'rule': appears twice; each rule at most once",
                        "rule #6, field 'rule': required, one of [SPIKE, NEGATIVE_CONSUMPTION, ZERO_CONSUMPTION,"
                                + " SUM_MISMATCH, CLOCK_SUSPECT, METER_FLAGGED]; got 'LOUD'"))
                .hasMessageStartingWith("Invalid validation rules in rules.yaml:");
    }
}
