package io.meterflow.connect.dlms.push.apdu;

import io.meterflow.connect.dlms.record.CosemValues;
import org.openmuc.jdlms.datatypes.DataObject;
import org.openmuc.jdlms.internal.DataConverter;
import org.openmuc.jdlms.internal.asn1.cosem.COSEMpdu;
import org.openmuc.jdlms.internal.asn1.cosem.DataNotification;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decodes the APDU of a push: a DataNotification (tag 0x0F: long-invoke-id-and-priority, date-time, notification
 * body), plain or inside general-glo-ciphering (tag 0xDB: system title, then the ciphered content). The A-XDR
 * decoding is jDLMS's own (its COSEMpdu and Data classes); only the ciphering is done here, with javax.crypto.
 */
public final class NotificationDecoder {

    private final Function<String, Optional<CipherKeys>> keysBySystemTitle;

    /**
     * @param keysBySystemTitle the keys of the meter with this system title (16 upper-case hex digits), empty when
     *                          no meter has it
     */
    public NotificationDecoder(Function<String, Optional<CipherKeys>> keysBySystemTitle) {
        this.keysBySystemTitle = keysBySystemTitle;
    }

    public Notification decode(byte[] apdu) throws PushRejectedException {
        final COSEMpdu pdu = pdu(apdu, null);
        if (pdu.getChoiceIndex() == COSEMpdu.Choices.DATA_NOTIFICATION) {
            return plain(pdu.dataNotification, null, -1);
        }
        if (pdu.getChoiceIndex() == COSEMpdu.Choices.GENERAL_BLOCK_TRANSFER) {
            // Gurux (and meters) split a push longer than the meter's PDU size into blocks when general-block-transfer
            // is in the conformance; the listener takes one wrapper frame per push.
            throw new PushRejectedException(RejectReason.UNSUPPORTED_APDU, "general-block-transfer (tag 0xe0): a push "
                    + "split into blocks is not reassembled; set the meter's max PDU size above its longest push "
                    + "(or leave general-block-transfer out of its push conformance)", null);
        }
        if (pdu.getChoiceIndex() != COSEMpdu.Choices.GENERAL_GLO_CIPHERING) {
            throw new PushRejectedException(RejectReason.UNSUPPORTED_APDU, "APDU " + pdu.getChoiceIndex()
                    + " (tag 0x" + Integer.toHexString(apdu[0] & 0xff) + ") is no DataNotification or "
                    + "general-glo-ciphering", null);
        }
        final byte[] systemTitle = pdu.generalGloCiphering.systemTitle.getValue();
        final String title = GloCipher.hex(systemTitle);
        if (systemTitle.length != 8) {
            throw new PushRejectedException(RejectReason.MALFORMED_APDU, "system title of " + systemTitle.length
                    + " bytes, expected 8", title);
        }
        final CipherKeys keys = keysBySystemTitle.apply(title).orElseThrow(() -> new PushRejectedException(
                RejectReason.UNKNOWN_SYSTEM_TITLE, "no meter has system title " + title, title));
        final byte[] content = pdu.generalGloCiphering.cipheredContent.getValue();
        final byte[] inner = GloCipher.open(systemTitle, content, keys);
        final COSEMpdu innerPdu = pdu(inner, title);
        if (innerPdu.getChoiceIndex() != COSEMpdu.Choices.DATA_NOTIFICATION) {
            throw new PushRejectedException(RejectReason.UNSUPPORTED_APDU, "ciphered APDU "
                    + innerPdu.getChoiceIndex() + " is no DataNotification", title);
        }
        return plain(innerPdu.dataNotification, title, GloCipher.invocationCounter(content));
    }

    private static COSEMpdu pdu(byte[] apdu, String systemTitle) throws PushRejectedException {
        final COSEMpdu pdu = new COSEMpdu();
        final ByteArrayInputStream in = new ByteArrayInputStream(apdu);
        try {
            pdu.decode(in);
        } catch (IOException | RuntimeException e) {
            throw new PushRejectedException(RejectReason.MALFORMED_APDU, "APDU does not decode: " + e.getMessage(),
                    systemTitle, e);
        }
        if (in.available() > 0) {
            throw new PushRejectedException(RejectReason.MALFORMED_APDU, in.available()
                    + " bytes after the end of the APDU", systemTitle);
        }
        return pdu;
    }

    private static Notification plain(DataNotification notification, String systemTitle, long invocationCounter)
            throws PushRejectedException {
        final byte[] dateTime = notification.dateTime.getValue();
        final Long at;
        try {
            at = dateTime == null || dateTime.length == 0 ? null
                    : CosemValues.epochMillis(DataObject.newOctetStringData(dateTime));
        } catch (RuntimeException e) {
            throw new PushRejectedException(RejectReason.MALFORMED_APDU, "date-time does not decode: "
                    + e.getMessage(), systemTitle, e);
        }
        final DataObject body;
        try {
            body = DataConverter.convertDataToDataObject(notification.notificationBody.dataValue);
        } catch (RuntimeException e) {
            throw new PushRejectedException(RejectReason.MALFORMED_APDU, "notification body does not decode: "
                    + e.getMessage(), systemTitle, e);
        }
        return new Notification(systemTitle, invocationCounter, notification.longInvokeIdAndPriority.getValue(), at,
                body);
    }
}
