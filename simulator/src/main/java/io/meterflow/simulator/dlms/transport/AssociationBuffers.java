package io.meterflow.simulator.dlms.transport;

import org.openmuc.jdlms.internal.association.Association;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;

/**
 * jDLMS 1.8.0 gives every server association a 5 MiB encode buffer ({@code AssociationMessenger.buffer}), so a
 * fleet of 1,000 meters with open associations would need 5 GiB of heap. Our meters' largest answer is a
 * load-profile range of a few KiB, split by jDLMS into PDUs of at most 64 KiB, so the simulator swaps in a 256 KiB
 * buffer. If jDLMS changes and the field is gone, the association keeps its own buffer.
 */
public final class AssociationBuffers {

    private static final Logger LOG = LoggerFactory.getLogger(AssociationBuffers.class);
    private static final int BUFFER_BYTES = 256 * 1024;
    private static final Field MESSENGER = field(Association.class, "associationMessenger");
    private static final Field BUFFER = MESSENGER == null ? null : field(MESSENGER.getType(), "buffer");

    private AssociationBuffers() {
    }

    public static void shrink(Association association) {
        if (BUFFER == null) {
            return;
        }
        try {
            BUFFER.set(MESSENGER.get(association), new byte[BUFFER_BYTES]);
        } catch (IllegalAccessException | RuntimeException e) {
            LOG.debug("cannot shrink a jDLMS association buffer: {}", e.toString());
        }
    }

    private static Field field(Class<?> type, String name) {
        try {
            final Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            LOG.warn("jDLMS has no {}.{}: simulated meters keep jDLMS's 5 MiB buffer per association",
                    type.getSimpleName(), name);
            return null;
        }
    }
}
