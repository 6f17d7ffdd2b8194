package io.meterflow.connect.dlms.push.apdu;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * DLMS security suite 0 (AES-GCM-128, 12-byte tag) as the Green Book defines it for ciphered APDUs: the content is
 * security control byte, invocation counter (4 bytes), ciphertext and tag; the IV is system title (8 bytes) plus
 * invocation counter; the additional authenticated data is the security control byte and the authentication key
 * (plus the plaintext when the APDU is authenticated only).
 */
public final class GloCipher {

    /** Security control: authenticated and encrypted, suite 0. */
    public static final int AUTHENTICATED_ENCRYPTED = 0x30;
    /** Security control: authenticated only, suite 0. */
    public static final int AUTHENTICATED = 0x10;
    private static final int TAG_BYTES = 12;
    /**
     * One AES-GCM instance per connection thread for deciphering, initialised anew for every push: looking the
     * transformation up in the providers cost more than deciphering a push. Never for ciphering, where GCM refuses
     * an instance's key and IV twice.
     */
    private static final ThreadLocal<Cipher> DECIPHER = ThreadLocal.withInitial(GloCipher::newGcm);

    private GloCipher() {
    }

    /** Decrypts and authenticates {@code content}; the result is the plain APDU. */
    public static byte[] open(byte[] systemTitle, byte[] content, CipherKeys keys) throws PushRejectedException {
        final String title = hex(systemTitle);
        if (content.length < 5 + TAG_BYTES) {
            throw new PushRejectedException(RejectReason.MALFORMED_APDU, "ciphered content of " + content.length
                    + " bytes is shorter than security header and tag", title);
        }
        final int control = content[0] & 0xff;
        if (control != AUTHENTICATED_ENCRYPTED && control != AUTHENTICATED) {
            throw new PushRejectedException(RejectReason.UNAUTHENTICATED, String.format(
                    "security control 0x%02x not accepted (0x30 authenticated+encrypted or 0x10 authenticated, "
                            + "suite 0, uncompressed)", control), title);
        }
        final byte[] iv = iv(systemTitle, content);
        try {
            final Cipher gcm = DECIPHER.get();
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keys.encryptionKey(), "AES"),
                    new GCMParameterSpec(TAG_BYTES * 8, iv));
            gcm.updateAAD(new byte[] {(byte) control});
            gcm.updateAAD(keys.authenticationKey());
            if (control == AUTHENTICATED_ENCRYPTED) {
                return gcm.doFinal(content, 5, content.length - 5);
            }
            final byte[] plain = Arrays.copyOfRange(content, 5, content.length - TAG_BYTES);
            gcm.updateAAD(plain);
            gcm.doFinal(content, content.length - TAG_BYTES, TAG_BYTES);
            return plain;
        } catch (AEADBadTagException e) {
            throw new PushRejectedException(RejectReason.UNAUTHENTICATED,
                    "authentication tag does not match (wrong keys or altered APDU)", title);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** Ciphers {@code plainApdu} the way a meter does; the result is the ciphered content (control, IC, data, tag). */
    public static byte[] seal(byte[] systemTitle, long invocationCounter, byte[] plainApdu, CipherKeys keys,
                              int control) {
        final byte[] header = ByteBuffer.allocate(5).put((byte) control).putInt((int) invocationCounter).array();
        try {
            final Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.encryptionKey(), "AES"),
                    new GCMParameterSpec(TAG_BYTES * 8, iv(systemTitle, header)));
            gcm.updateAAD(new byte[] {(byte) control});
            gcm.updateAAD(keys.authenticationKey());
            final byte[] body;
            if (control == AUTHENTICATED_ENCRYPTED) {
                body = gcm.doFinal(plainApdu);
            } else {
                gcm.updateAAD(plainApdu);
                final byte[] tag = gcm.doFinal();
                body = ByteBuffer.allocate(plainApdu.length + tag.length).put(plainApdu).put(tag).array();
            }
            return ByteBuffer.allocate(5 + body.length).put(header).put(body).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    private static Cipher newGcm() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    static long invocationCounter(byte[] content) {
        return ByteBuffer.wrap(content, 1, 4).getInt() & 0xffffffffL;
    }

    private static byte[] iv(byte[] systemTitle, byte[] content) {
        return ByteBuffer.allocate(12).put(systemTitle).put(content, 1, 4).array();
    }

    static String hex(byte[] bytes) {
        return java.util.HexFormat.of().withUpperCase().formatHex(bytes);
    }
}
