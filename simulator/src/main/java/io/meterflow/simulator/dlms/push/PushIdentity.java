package io.meterflow.simulator.dlms.push;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a simulated push meter names itself: logical device name = meter id; system title = "MFS" (a made-up
 * manufacturer code) and five bytes of the id's SHA-256, so the inventory and the meter agree without sharing
 * state.
 */
public final class PushIdentity {

    private PushIdentity() {
    }

    public static byte[] systemTitle(String meterId) {
        try {
            final byte[] hash = MessageDigest.getInstance("SHA-256").digest(meterId.getBytes(StandardCharsets.UTF_8));
            final byte[] title = new byte[8];
            title[0] = 'M';
            title[1] = 'F';
            title[2] = 'S';
            System.arraycopy(hash, 0, title, 3, 5);
            return title;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String systemTitleHex(String meterId) {
        return HexFormat.of().withUpperCase().formatHex(systemTitle(meterId));
    }
}
