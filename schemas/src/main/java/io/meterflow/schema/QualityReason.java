package io.meterflow.schema;

import java.util.Objects;

/**
 * Why a row is not simply VALID.
 *
 * @param rule    the rule that fired
 * @param message what it found, in words an operator reads (values, thresholds)
 */
public record QualityReason(QualityRule rule, String message) {

    public QualityReason {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }
}
