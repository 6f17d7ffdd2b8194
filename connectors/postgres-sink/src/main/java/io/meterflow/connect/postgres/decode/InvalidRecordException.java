package io.meterflow.connect.postgres.decode;

import org.apache.kafka.connect.errors.DataException;

/** A record that breaks its topic's schema: it goes to the dead-letter queue, never into the read model. */
public final class InvalidRecordException extends DataException {

    public InvalidRecordException(String message) {
        super(message);
    }

    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
