package io.meterflow.schema;

/** The verdict of validation on one load-profile row. */
public enum IntervalQuality {
    /** Passed every rule. */
    VALID,
    /** A real row that broke a rule or that the meter flagged: kept, with the reasons. */
    SUSPECT,
    /** Not read from the meter: filled by interpolation for an unrecoverable gap. */
    ESTIMATED
}
