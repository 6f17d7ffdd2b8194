package io.meterflow.simulator.dlms.hdlc;

import java.util.Arrays;

/**
 * One HDLC frame of IEC 62056-46 (frame format type 3): format with segmentation bit and length, destination and
 * source address, control field, header check sequence when an information field follows, the information field,
 * frame check sequence. {@link #decode} rejects anything a meter would discard: wrong format type, a length that
 * disagrees with the bytes between the flags, a broken address, a wrong HCS or FCS.
 */
record HdlcFrame(boolean segmented, HdlcAddress destination, HdlcAddress source, int control, byte[] information) {

    static final int FLAG = 0x7E;
    /** Largest frame length the 11-bit length field can carry. */
    static final int MAX_LENGTH = 0x7FF;
    private static final int FORMAT_TYPE_3 = 0xA0;
    private static final int POLL_FINAL = 0x10;

    /** Control fields (without P/F bit and sequence numbers). */
    static final int SNRM = 0x83;
    static final int DISC = 0x43;
    static final int UA = 0x63;
    static final int DM = 0x0F;
    static final int FRMR = 0x87;
    static final int UI = 0x03;
    static final int RR = 0x01;
    static final int RNR = 0x05;

    HdlcFrame {
        information = information == null ? new byte[0] : information;
    }

    /** Decodes the bytes between two flags. */
    static HdlcFrame decode(byte[] content) throws FrameException {
        if (content.length < 7) {
            throw new FrameException("frame of " + content.length + " bytes is too short");
        }
        final int format = (content[0] & 0xFF) << 8 | content[1] & 0xFF;
        if ((format & 0xF000) != FORMAT_TYPE_3 << 8) {
            throw new FrameException(String.format("frame format 0x%04X is not type 3", format));
        }
        if ((format & MAX_LENGTH) != content.length) {
            throw new FrameException("frame length field says " + (format & MAX_LENGTH) + " but " + content.length
                    + " bytes arrived between the flags");
        }
        final HdlcAddress destination = HdlcAddress.decode(content, 2, content.length);
        final int sourceAt = 2 + destination.size();
        final HdlcAddress source = HdlcAddress.decode(content, sourceAt, content.length);
        final int controlAt = sourceAt + source.size();
        if (controlAt + 3 > content.length) {
            throw new FrameException("frame ends inside its header");
        }
        final int control = content[controlAt] & 0xFF;
        final int headerEnd = controlAt + 1;
        final byte[] information;
        if (headerEnd + 2 == content.length) {
            information = new byte[0];
        } else {
            if (headerEnd + 4 > content.length) {
                throw new FrameException("frame ends inside its header check sequence");
            }
            if (!Fcs16.matches(content, 0, headerEnd)) {
                throw new FrameException("header check sequence (HCS) does not match");
            }
            information = Arrays.copyOfRange(content, headerEnd + 2, content.length - 2);
        }
        if (!Fcs16.matches(content, 0, content.length - 2)) {
            throw new FrameException("frame check sequence (FCS) does not match");
        }
        return new HdlcFrame((format & 0x0800) != 0, destination, source, control, information);
    }

    /** The frame with its opening and closing flag. */
    byte[] encode() {
        final int header = 2 + destination.size() + source.size() + 1;
        final int length = header + 2 + (information.length == 0 ? 0 : information.length + 2);
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException("frame of " + length + " bytes exceeds the 11-bit length field");
        }
        final byte[] frame = new byte[length + 2];
        frame[0] = (byte) FLAG;
        frame[1] = (byte) (FORMAT_TYPE_3 | (segmented ? 0x08 : 0) | length >>> 8);
        frame[2] = (byte) length;
        destination.encode(frame, 3);
        source.encode(frame, 3 + destination.size());
        frame[header] = (byte) control;
        if (information.length > 0) {
            Fcs16.append(frame, 1, header);
            System.arraycopy(information, 0, frame, header + 3, information.length);
        }
        Fcs16.append(frame, 1, length - 2);
        frame[length + 1] = (byte) FLAG;
        return frame;
    }

    boolean isInformation() {
        return (control & 0x01) == 0;
    }

    boolean isSupervisory() {
        return (control & 0x03) == 0x01;
    }

    /** The frame type without P/F bit and sequence numbers: an I-frame is 0, S-frames RR/RNR, U-frames by value. */
    int type() {
        if (isInformation()) {
            return 0;
        }
        return isSupervisory() ? control & 0x0F : control & ~POLL_FINAL;
    }

    boolean pollFinal() {
        return (control & POLL_FINAL) != 0;
    }

    /** N(S) of an I-frame. */
    int sendSequence() {
        return control >>> 1 & 0x07;
    }

    /** N(R) of an I-frame or S-frame. */
    int receiveSequence() {
        return control >>> 5 & 0x07;
    }

    static int information(int sendSequence, int receiveSequence, boolean pollFinal) {
        return receiveSequence << 5 | (pollFinal ? POLL_FINAL : 0) | sendSequence << 1;
    }

    static int receiveReady(int receiveSequence, boolean pollFinal) {
        return receiveSequence << 5 | (pollFinal ? POLL_FINAL : 0) | RR;
    }

    static int unnumbered(int type, boolean pollFinal) {
        return type | (pollFinal ? POLL_FINAL : 0);
    }

    @Override
    public String toString() {
        final String name = switch (type()) {
            case 0 -> "I(" + sendSequence() + "," + receiveSequence() + ")";
            case RR -> "RR(" + receiveSequence() + ")";
            case RNR -> "RNR(" + receiveSequence() + ")";
            case SNRM -> "SNRM";
            case DISC -> "DISC";
            case UA -> "UA";
            case DM -> "DM";
            case FRMR -> "FRMR";
            case UI -> "UI";
            default -> String.format("0x%02X", control);
        };
        return name + (pollFinal() ? "P/F" : "") + (segmented ? " segmented" : "") + " " + source + "->"
                + destination + (information.length > 0 ? " +" + information.length + " bytes" : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HdlcFrame f && segmented == f.segmented && control == f.control
                && destination.equals(f.destination) && source.equals(f.source)
                && Arrays.equals(information, f.information);
    }

    @Override
    public int hashCode() {
        return 31 * control + Arrays.hashCode(information);
    }
}
