package io.meterflow.schema;

/** What became of a clock synchronisation attempt. */
public enum ClockSyncResult {
    /** The meter accepted the new time. */
    OK,
    /**
     * The meter denied setting its clock (READ_WRITE_DENIED) by every method that could correct the drift
     * (shift_time is not tried beyond its ±900 s).
     */
    REFUSED,
    /** The attempt did not complete: a timeout, a lost connection, another result code. */
    FAILED
}
