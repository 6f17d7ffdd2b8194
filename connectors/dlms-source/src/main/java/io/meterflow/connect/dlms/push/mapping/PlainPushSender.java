package io.meterflow.connect.dlms.push.mapping;

import org.openmuc.jdlms.datatypes.DataObject;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Who sent a plain push, before its meter (and so its push object list) is known: the logical device name
 * (0.0.42.0.0.255), the first element of an IDIS push, or the second when the push begins with its push setup —
 * the push setup's logical name (IDIS, Gurux) or its push object list (Gurux's self-describing push).
 */
public final class PlainPushSender {

    private PlainPushSender() {
    }

    /** The logical device name as text, empty when the body has none where a push carries it. */
    public static Optional<String> logicalDeviceName(DataObject body) {
        if (body.getType() != DataObject.Type.STRUCTURE) {
            return Optional.empty();
        }
        final List<DataObject> elements = body.getValue();
        final int at = !elements.isEmpty() && namesPushSetup(elements.get(0)) ? 1 : 0;
        if (elements.size() <= at || !(elements.get(at).getValue() instanceof byte[] bytes)) {
            return Optional.empty();
        }
        return Optional.of(new String(bytes, StandardCharsets.US_ASCII).trim());
    }

    /** A push setup's logical name (0.x.25.9.x.x) or push object list (an array of capture object definitions). */
    private static boolean namesPushSetup(DataObject element) {
        if (element.getType() == DataObject.Type.ARRAY) {
            return true;
        }
        if (element.getType() != DataObject.Type.OCTET_STRING || !(element.getValue() instanceof byte[] ln)
                || ln.length != 6) {
            return false;
        }
        final int[] obis = new int[ln.length];
        for (int i = 0; i < ln.length; i++) {
            obis[i] = ln[i] & 0xff;
        }
        return PushObject.kindOf(obis) == PushObject.Kind.PUSH_SETUP;
    }
}
