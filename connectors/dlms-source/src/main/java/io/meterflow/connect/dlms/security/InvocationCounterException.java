package io.meterflow.connect.dlms.security;

import java.io.IOException;

/** An HLS5 meter rejected the connector's invocation counter also after a resync: AUTH_FAILED, named as such. */
public final class InvocationCounterException extends IOException {

    private static final long serialVersionUID = 1L;

    public InvocationCounterException(String message, Throwable cause) {
        super(message, cause);
    }
}
