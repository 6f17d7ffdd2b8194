package io.meterflow.schema;

/** Why a range of load-profile rows is requested again. */
public enum BackfillReason {
    /** The completeness ledger found capture times without a row. */
    GAP,
    /** Rows a pushing meter should have sent did not arrive; the range is read back by polling. */
    PUSH_GAP,
    /** An operator asked for the range. */
    OPERATOR
}
