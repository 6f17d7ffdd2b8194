package io.meterflow.simulator.dlms.hdlc;

import java.io.ByteArrayOutputStream;

/**
 * HDLC parameters of one link, negotiated by SNRM/UA (IEC 62056-46 6.4.4.4.3.2): longest information field and
 * window (frames sent before an acknowledgement) in each direction, each from the point of view of the frame's
 * sender. A station answers every proposal with the smaller of the proposal and its own limit.
 */
public record LinkParameters(int maxInfoTransmit, int maxInfoReceive, int windowTransmit, int windowReceive) {

    /** What applies when an SNRM carries no parameters. */
    static final LinkParameters DEFAULTS = new LinkParameters(128, 128, 1, 1);
    static final int MIN_INFO = 32;
    static final int MAX_INFO = 2030;
    static final int MAX_WINDOW = 7;

    private static final int FORMAT_IDENTIFIER = 0x81;
    private static final int GROUP_IDENTIFIER = 0x80;
    private static final int MAX_INFO_TRANSMIT = 0x05;
    private static final int MAX_INFO_RECEIVE = 0x06;
    private static final int WINDOW_TRANSMIT = 0x07;
    private static final int WINDOW_RECEIVE = 0x08;

    public LinkParameters {
        requireRange("max information field (transmit)", maxInfoTransmit, MIN_INFO, MAX_INFO);
        requireRange("max information field (receive)", maxInfoReceive, MIN_INFO, MAX_INFO);
        requireRange("window (transmit)", windowTransmit, 1, MAX_WINDOW);
        requireRange("window (receive)", windowReceive, 1, MAX_WINDOW);
    }

    /** The client's proposal in an SNRM information field; empty: the defaults. */
    static LinkParameters fromSnrm(byte[] information) throws FrameException {
        if (information.length == 0) {
            return DEFAULTS;
        }
        if (information.length < 3 || (information[0] & 0xFF) != FORMAT_IDENTIFIER
                || (information[1] & 0xFF) != GROUP_IDENTIFIER || (information[2] & 0xFF) != information.length - 3) {
            throw new FrameException("SNRM information field is no HDLC parameter negotiation");
        }
        int maxTransmit = DEFAULTS.maxInfoTransmit;
        int maxReceive = DEFAULTS.maxInfoReceive;
        int windowTransmit = DEFAULTS.windowTransmit;
        int windowReceive = DEFAULTS.windowReceive;
        int at = 3;
        while (at < information.length) {
            if (at + 2 > information.length) {
                throw new FrameException("HDLC parameter cut short");
            }
            final int id = information[at] & 0xFF;
            final int length = information[at + 1] & 0xFF;
            if (length < 1 || length > 4 || at + 2 + length > information.length) {
                throw new FrameException("HDLC parameter " + id + " has a value of " + length + " bytes");
            }
            long value = 0;
            for (int i = 0; i < length; i++) {
                value = value << 8 | information[at + 2 + i] & 0xFF;
            }
            switch (id) {
                case MAX_INFO_TRANSMIT -> maxTransmit = (int) checked("max information field (transmit)", value,
                        MIN_INFO, MAX_INFO);
                case MAX_INFO_RECEIVE -> maxReceive = (int) checked("max information field (receive)", value,
                        MIN_INFO, MAX_INFO);
                case WINDOW_TRANSMIT -> windowTransmit = (int) checked("window (transmit)", value, 1, MAX_WINDOW);
                case WINDOW_RECEIVE -> windowReceive = (int) checked("window (receive)", value, 1, MAX_WINDOW);
                default -> throw new FrameException("unknown HDLC parameter " + id);
            }
            at += 2 + length;
        }
        return new LinkParameters(maxTransmit, maxReceive, windowTransmit, windowReceive);
    }

    /**
     * What a station with {@code limits} (its own largest fields and windows) answers to this proposal of a client:
     * the station's point of view, each direction the smaller of the two.
     */
    LinkParameters answer(LinkParameters limits) {
        return new LinkParameters(Math.min(maxInfoReceive, limits.maxInfoTransmit),
                Math.min(maxInfoTransmit, limits.maxInfoReceive), Math.min(windowReceive, limits.windowTransmit),
                Math.min(windowTransmit, limits.windowReceive));
    }

    /** The UA information field carrying these parameters. */
    byte[] encode() {
        final int lengthBytes = maxInfoTransmit > 0xFF || maxInfoReceive > 0xFF ? 2 : 1;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(FORMAT_IDENTIFIER);
        out.write(GROUP_IDENTIFIER);
        out.write(4 * 2 + 2 * lengthBytes + 2);
        put(out, MAX_INFO_TRANSMIT, maxInfoTransmit, lengthBytes);
        put(out, MAX_INFO_RECEIVE, maxInfoReceive, lengthBytes);
        put(out, WINDOW_TRANSMIT, windowTransmit, 1);
        put(out, WINDOW_RECEIVE, windowReceive, 1);
        return out.toByteArray();
    }

    private static void put(ByteArrayOutputStream out, int id, int value, int bytes) {
        out.write(id);
        out.write(bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write(value >>> 8 * i);
        }
    }

    private static long checked(String what, long value, int min, int max) throws FrameException {
        if (value < min || value > max) {
            throw new FrameException(what + " " + value + " is outside " + min + "-" + max);
        }
        return value;
    }

    private static void requireRange(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " " + value + " is outside " + min + "-" + max);
        }
    }
}
