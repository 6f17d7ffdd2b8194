package io.meterflow.simulator.dlms.fault;

/**
 * A failure the simulator injected, and the reading status a collector should report for it.
 */
public enum FaultKind {
    /** The meter accepted a request and never answered it. */
    TIMEOUT("TIMEOUT"),
    /** The TCP connection was reset as soon as it was accepted. */
    REFUSED("UNREACHABLE"),
    /** The meter answered a request with bytes that are not DLMS. */
    GARBAGE("PROTOCOL_ERROR"),
    /** The association was rejected as if the credentials were wrong. */
    AUTH_REJECT("AUTH_FAILED"),
    /** The meter was in a silence period: it accepted the connection and answered nothing. */
    SILENT("TIMEOUT");

    private final String expectedStatus;

    FaultKind(String expectedStatus) {
        this.expectedStatus = expectedStatus;
    }

    /** The meter-readings status a correct collector reports for this fault. */
    public String expectedStatus() {
        return expectedStatus;
    }
}
