package io.meterflow.schema;

/** How an interval reached MeterFlow. */
public enum Provenance {
    /** Read by the source's regular incremental profile read. */
    POLL,
    /** Sent by the meter itself (DataNotification). */
    PUSH,
    /** Re-read on request to fill a gap. */
    BACKFILL
}
