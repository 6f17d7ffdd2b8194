package io.meterflow.simulator.dlms.push;

import com.beanit.asn1bean.ber.ReverseByteArrayOutputStream;
import org.openmuc.jdlms.datatypes.DataObject;
import org.openmuc.jdlms.internal.DataConverter;
import org.openmuc.jdlms.internal.asn1.axdr.types.AxdrOctetString;
import org.openmuc.jdlms.internal.asn1.cosem.COSEMpdu;
import org.openmuc.jdlms.internal.asn1.cosem.DataNotification;
import org.openmuc.jdlms.internal.asn1.cosem.GeneralGloCiphering;
import org.openmuc.jdlms.internal.asn1.cosem.NotificationBody;
import org.openmuc.jdlms.internal.asn1.cosem.Unsigned32;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

/**
 * The APDUs a pushing meter sends, encoded by jDLMS's own A-XDR classes: a DataNotification (plain), or one inside
 * general-glo-ciphering (security suite 0: AES-GCM-128, authenticated and encrypted, 12-byte tag), and the
 * IEC 62056-47 wrapper frame around either.
 */
public final class PushApdus {

    /** Security control byte: authenticated and encrypted, suite 0. */
    public static final int AUTHENTICATED_ENCRYPTED = 0x30;
    /** The wrapper port of the management logical device, which sends IDIS pushes. */
    public static final int METER_WPORT = 1;
    /** The wrapper port of the IDIS push client. */
    public static final int PUSH_CLIENT_WPORT = 102;
    private static final int TAG_BYTES = 12;

    private PushApdus() {
    }

    /** A DataNotification with an empty date-time (the body's clock element dates the push). */
    public static byte[] dataNotification(long invokeId, DataObject body) {
        final COSEMpdu pdu = new COSEMpdu();
        pdu.setDataNotification(new DataNotification(new Unsigned32(invokeId & 0x00ffffffL),
                new AxdrOctetString(new byte[0]), new NotificationBody(DataConverter.convertDataObjectToData(body))));
        return encode(pdu);
    }

    /** {@code plainApdu} inside general-glo-ciphering from {@code systemTitle} with invocation counter {@code ic}. */
    public static byte[] generalGloCiphering(byte[] systemTitle, long ic, byte[] plainApdu, byte[] encryptionKey,
                                             byte[] authenticationKey) {
        final byte[] header = ByteBuffer.allocate(5).put((byte) AUTHENTICATED_ENCRYPTED).putInt((int) ic).array();
        final byte[] sealed;
        try {
            final Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"), new GCMParameterSpec(
                    TAG_BYTES * 8, ByteBuffer.allocate(12).put(systemTitle).put(header, 1, 4).array()));
            gcm.updateAAD(new byte[] {(byte) AUTHENTICATED_ENCRYPTED});
            gcm.updateAAD(authenticationKey);
            sealed = gcm.doFinal(plainApdu);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
        final byte[] content = ByteBuffer.allocate(header.length + sealed.length).put(header).put(sealed).array();
        final COSEMpdu pdu = new COSEMpdu();
        pdu.setGeneralGloCiphering(new GeneralGloCiphering(new AxdrOctetString(systemTitle),
                new AxdrOctetString(content)));
        return encode(pdu);
    }

    /** The IEC 62056-47 wrapper frame: version 1, source and destination wPort, length, APDU. */
    public static byte[] wrapperFrame(byte[] apdu) {
        return ByteBuffer.allocate(8 + apdu.length).putShort((short) 1).putShort((short) METER_WPORT)
                .putShort((short) PUSH_CLIENT_WPORT).putShort((short) apdu.length).put(apdu).array();
    }

    private static byte[] encode(COSEMpdu pdu) {
        final ReverseByteArrayOutputStream out = new ReverseByteArrayOutputStream(1_024, true);
        try {
            pdu.encode(out);
        } catch (IOException e) {
            throw new UncheckedIOException("jDLMS could not encode the push APDU", e);
        }
        return out.getArray();
    }
}
