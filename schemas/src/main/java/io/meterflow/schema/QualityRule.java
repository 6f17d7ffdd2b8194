package io.meterflow.schema;

/** The rule behind a {@link QualityReason}. */
public enum QualityRule {
    /** Consumption above k times the median of the meter's recent intervals. */
    SPIKE,
    /** The cumulative register went down between consecutive rows. */
    NEGATIVE_CONSUMPTION,
    /** No consumption for N intervals while the meter's register kept growing. */
    ZERO_CONSUMPTION,
    /** Profile deltas across a span disagree with the register's growth over the same span. */
    SUM_MISMATCH,
    /** Captured while the meter clock was off (CLOCK_SUSPECT, CLOCK_INVALID or CLOCK_ADJUSTED flags). */
    CLOCK_SUSPECT,
    /** The meter itself marked the row (DATA_NOT_VALID or CRITICAL_ERROR). */
    METER_FLAGGED,
    /** Filled by linear interpolation of the cumulative register between two real rows. */
    LINEAR_INTERPOLATION
}
