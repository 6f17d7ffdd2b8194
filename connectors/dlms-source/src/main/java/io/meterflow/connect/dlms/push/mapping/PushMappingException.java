package io.meterflow.connect.dlms.push.mapping;

/** A notification body that does not fit the meter's push object list. */
public final class PushMappingException extends RuntimeException {

    public PushMappingException(String message) {
        super(message);
    }

    public PushMappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
