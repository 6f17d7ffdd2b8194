package io.meterflow.schema;

/** How a clock synchronisation set the meter's Clock (class 8, 0.0.1.0.0.255). */
public enum ClockSyncMethod {
    /** SET of attribute 2 (time) to the true time. */
    WRITE_TIME,
    /** Method 6 shift_time(seconds), for meters that refuse the write; limited to ±900 s. */
    SHIFT_TIME
}
