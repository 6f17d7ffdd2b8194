package io.meterflow.connect.dlms.push.listener;

import io.meterflow.connect.dlms.push.apdu.RejectReason;

/** Where the listener sends what it did not accept. */
@FunctionalInterface
public interface DeadLetters {

    /**
     * @param meterId     the meter, when it is known
     * @param systemTitle the system title the push named, when it named one
     */
    void reject(RejectReason reason, String message, String peer, String meterId, String systemTitle, byte[] bytes,
                long receivedAt);
}
