package io.meterflow.connect.dlms.push.meter;

import io.meterflow.connect.dlms.push.apdu.CipherKeys;
import io.meterflow.connect.dlms.push.mapping.PushObjectList;

import java.util.Objects;

/**
 * A meter the listener accepts pushes from.
 *
 * @param systemTitle 16 upper-case hex digits, null for a meter that pushes only plain (named by its logical
 *                    device name)
 * @param keys        its keys for ciphered pushes, null when it has none
 */
public record PushMeter(String meterId, String systemTitle, CipherKeys keys, PushObjectList objectList) {

    public PushMeter {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(objectList, "objectList");
        systemTitle = systemTitle == null ? null : systemTitle.toUpperCase(java.util.Locale.ROOT);
    }
}
