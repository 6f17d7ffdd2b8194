package io.meterflow.connect.dlms.push.apdu;

/** A push the listener does not accept, with the reason that goes into the dead-letter headers and metrics. */
public final class PushRejectedException extends Exception {

    private final RejectReason reason;
    private final String systemTitle;

    public PushRejectedException(RejectReason reason, String message, String systemTitle) {
        super(message);
        this.reason = reason;
        this.systemTitle = systemTitle;
    }

    public PushRejectedException(RejectReason reason, String message, String systemTitle, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.systemTitle = systemTitle;
    }

    public RejectReason reason() {
        return reason;
    }

    /** The system title the push named, null when it named none or could not be read that far. */
    public String systemTitle() {
        return systemTitle;
    }
}
