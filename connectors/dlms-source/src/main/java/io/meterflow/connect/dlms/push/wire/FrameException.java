package io.meterflow.connect.dlms.push.wire;

import java.io.IOException;

/** Bytes that are no wrapper frame, or one that does not arrive in time; carries what was read. */
public final class FrameException extends IOException {

    /** What went wrong. */
    public enum Kind { MALFORMED, SLOW, IDLE }

    private final Kind kind;
    private final transient byte[] received;

    public FrameException(Kind kind, String message, byte[] received) {
        super(message);
        this.kind = kind;
        this.received = received;
    }

    public Kind kind() {
        return kind;
    }

    public byte[] received() {
        return received;
    }
}
