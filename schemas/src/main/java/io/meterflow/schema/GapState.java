package io.meterflow.schema;

/** Where a range of missing load-profile rows stands in the completeness ledger. */
public enum GapState {
    /** Rows expected and not received; no re-read asked yet. */
    MISSING,
    /** A re-read was asked on meter-backfill-requests and has not ended. */
    REQUESTED,
    /** Every row of the range has arrived (late, pushed or re-read). */
    RECOVERED,
    /** The meter no longer holds the rows, or the retry budget is spent; too long to estimate. */
    UNRECOVERABLE,
    /** Unrecoverable, short enough, and filled by interpolation (meter-intervals-validated, quality ESTIMATED). */
    ESTIMATED
}
