package io.meterflow.schema;

/** What became of a clock synchronisation attempt. */
public enum ClockSyncResult {
    /** The meter accepted the new time. */
    OK,
    /** The meter answered that it does not allow setting its clock (every method tried). */
    REFUSED,
    /** The attempt did not complete (timeout, lost connection, a drift shift_time cannot correct). */
    FAILED
}
