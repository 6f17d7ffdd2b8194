package io.meterflow.schema;

/** States an alert transition can move into. INACTIVE is never written: it is the absence of an alert. */
public enum AlertState {
    PENDING, FIRING, RESOLVED, NO_DATA
}
