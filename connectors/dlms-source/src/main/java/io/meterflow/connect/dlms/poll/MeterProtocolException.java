package io.meterflow.connect.dlms.poll;

import java.io.IOException;

/** The meter answered, but not with what a DLMS meter should (an access error, a wrong type): PROTOCOL_ERROR. */
final class MeterProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    MeterProtocolException(String message) {
        super(message);
    }

    MeterProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
