package io.meterflow.connect.dlms.push;

/** Header names on meter-push-dlq records (values are UTF-8 strings). */
public final class DeadLetterHeaders {

    /** Why: a {@code RejectReason} name (MALFORMED_FRAME, UNKNOWN_SYSTEM_TITLE, UNAUTHENTICATED, IDLE_TIMEOUT, ...). */
    public static final String REASON = "meterflow.push.reason";
    /** What exactly was wrong, in words. */
    public static final String ERROR = "meterflow.push.error";
    /** The peer's address and port. */
    public static final String PEER = "meterflow.push.peer";
    /** The connector and task index that received it. */
    public static final String CONNECTOR = "meterflow.push.connector";
    /** The system title a ciphered push named, when it could be read. */
    public static final String SYSTEM_TITLE = "meterflow.push.system.title";
    /** Arrival, epoch ms. */
    public static final String RECEIVED_AT = "meterflow.push.received.at";

    private DeadLetterHeaders() {
    }
}
