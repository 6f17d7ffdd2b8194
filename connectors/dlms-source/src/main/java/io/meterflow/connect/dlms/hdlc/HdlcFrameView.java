package io.meterflow.connect.dlms.hdlc;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the connector needs to see of one HDLC frame (IEC 62056-46) as jDLMS's raw message listener shows it, with
 * its flags: the frame type, the segmentation bit and the information field. Check sequences are jDLMS's business.
 *
 * @param control the control field
 */
public record HdlcFrameView(boolean segmented, int control, byte[] information) {

    private static final int FLAG = 0x7E;
    private static final int SNRM = 0x83;
    private static final int UA = 0x63;
    private static final int FRMR = 0x87;
    private static final int POLL_FINAL = 0x10;

    /** The frame in {@code message}, or empty when the message is not one HDLC frame (e.g. a bare APDU). */
    public static Optional<HdlcFrameView> of(byte[] message) {
        if (message.length < 9 || (message[0] & 0xFF) != FLAG || (message[1] & 0xF0) != 0xA0) {
            return Optional.empty();
        }
        final int length = (message[1] & 0x07) << 8 | message[2] & 0xFF;
        if (length + 2 != message.length || (message[message.length - 1] & 0xFF) != FLAG) {
            return Optional.empty();
        }
        int at = 3;
        for (int address = 0; address < 2; address++) { // destination, then source: the last byte has bit 0 set
            while (at < message.length && (message[at] & 1) == 0) {
                at++;
            }
            at++;
        }
        if (at >= message.length - 3) {
            return Optional.empty();
        }
        final int control = message[at] & 0xFF;
        final int informationAt = at + 3; // control, HCS
        final byte[] information = informationAt < message.length - 3
                ? Arrays.copyOfRange(message, informationAt, message.length - 3) : new byte[0];
        return Optional.of(new HdlcFrameView((message[1] & 0x08) != 0, control, information));
    }

    /** The APDU of an I-frame: the information field after its 3-byte LLC header (the whole field if it has none). */
    public byte[] apdu() {
        final boolean llc = information.length >= 3 && (information[0] & 0xFF) == 0xE6
                && ((information[1] & 0xFF) == 0xE6 || (information[1] & 0xFF) == 0xE7) && information[2] == 0;
        return llc ? Arrays.copyOfRange(information, 3, information.length) : information;
    }

    public boolean isInformation() {
        return (control & 0x01) == 0;
    }

    public boolean isSetNormalResponseMode() {
        return (control & ~POLL_FINAL) == SNRM;
    }

    public boolean isUnnumberedAcknowledge() {
        return (control & ~POLL_FINAL) == UA;
    }

    public boolean isFrameReject() {
        return (control & ~POLL_FINAL) == FRMR;
    }

    /**
     * The station's receive limit in a UA's parameter negotiation (parameter 6, "maximum information field length
     * receive" from the sender's point of view); empty if the UA carries none.
     */
    public Optional<Integer> receiveLimit() {
        if (information.length < 3 || (information[0] & 0xFF) != 0x81 || (information[1] & 0xFF) != 0x80) {
            return Optional.empty();
        }
        int at = 3;
        while (at + 2 <= information.length) {
            final int id = information[at] & 0xFF;
            final int length = information[at + 1] & 0xFF;
            if (at + 2 + length > information.length) {
                return Optional.empty();
            }
            if (id == 0x06) {
                int value = 0;
                for (int i = 0; i < length; i++) {
                    value = value << 8 | information[at + 2 + i] & 0xFF;
                }
                return Optional.of(value);
            }
            at += 2 + length;
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HdlcFrameView v && segmented == v.segmented && control == v.control
                && Arrays.equals(information, v.information);
    }

    @Override
    public int hashCode() {
        return 31 * control + Arrays.hashCode(information);
    }

    @Override
    public String toString() {
        return String.format("HDLC frame control 0x%02X%s, %d bytes of information", control,
                segmented ? " (segmented)" : "", information.length);
    }
}
