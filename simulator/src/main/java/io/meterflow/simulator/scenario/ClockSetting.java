package io.meterflow.simulator.scenario;

/** What a simulated meter does when a client sets its clock. */
public enum ClockSetting {
    /** Takes a SET of the clock's time (attribute 2) and shift_time (method 6). */
    ACCEPT,
    /** Denies the SET (READ_WRITE_DENIED) but takes shift_time, as meters that only allow small corrections do. */
    SHIFT_ONLY,
    /** Denies both: the clock cannot be set by this client. */
    REFUSE
}
