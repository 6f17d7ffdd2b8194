package io.meterflow.schema;

/** Alert severity, in increasing order. */
public enum Severity {
    INFO, MEDIUM, HIGH, CRITICAL
}
