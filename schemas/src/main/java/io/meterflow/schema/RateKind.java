package io.meterflow.schema;

/** How a rate between two consecutive cumulative values came about. */
public enum RateKind {
    /** The register grew normally. */
    NORMAL,
    /** The register wrapped at its modulus; the delta is corrected for the wrap. */
    ROLLOVER,
    /** The register dropped far below its last value: a reset or a meter exchange. */
    RESET
}
