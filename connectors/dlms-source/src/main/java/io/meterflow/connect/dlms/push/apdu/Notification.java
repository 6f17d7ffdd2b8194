package io.meterflow.connect.dlms.push.apdu;

import org.openmuc.jdlms.datatypes.DataObject;

/**
 * A decoded DataNotification.
 *
 * @param systemTitle       the sender's system title (hex) of a ciphered notification, null for a plain one
 * @param invocationCounter the invocation counter of a ciphered notification, -1 for a plain one
 * @param dateTime          the notification's date-time (epoch ms), null when the meter sent none
 * @param body              the notification body
 */
public record Notification(String systemTitle, long invocationCounter, long longInvokeIdAndPriority, Long dateTime,
                           DataObject body) {

    public boolean ciphered() {
        return systemTitle != null;
    }
}
