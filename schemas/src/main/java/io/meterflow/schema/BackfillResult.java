package io.meterflow.schema;

/** What a targeted re-read of a range achieved. */
public enum BackfillResult {
    /** The meter's buffer covers the range; every row it holds there was written to meter-intervals first. */
    READ,
    /** The meter no longer holds (all of) the range: its buffer starts later or has a hole; what it held was written. */
    UNRECOVERABLE,
    /** The read could not be done now (timeout, unreachable, association refused): worth another attempt. */
    FAILED
}
