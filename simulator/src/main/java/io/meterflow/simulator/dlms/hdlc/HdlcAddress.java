package io.meterflow.simulator.dlms.hdlc;

/**
 * An HDLC address of IEC 62056-46 (6.4.2.2): 1, 2 or 4 bytes of 7 bits each, the last byte marked by bit 0. A client
 * address is one byte (the client SAP); a server address carries the upper HDLC address (the logical device) and,
 * in 2 or 4 bytes, the lower HDLC address (the physical device: the meter's address on a multi-drop bus).
 *
 * @param size bytes on the wire; a station answers with the size it was addressed with
 */
record HdlcAddress(int upper, int lower, int size) {

    HdlcAddress {
        if (size != 1 && size != 2 && size != 4) {
            throw new IllegalArgumentException("an HDLC address has 1, 2 or 4 bytes, not " + size);
        }
        final int bits = size == 4 ? 14 : 7;
        if (upper < 0 || upper >= 1 << bits || lower < 0 || (size > 1 && lower >= 1 << bits)
                || (size == 1 && lower != 0)) {
            throw new IllegalArgumentException("upper " + upper + " / lower " + lower + " do not fit " + size
                    + " address bytes");
        }
    }

    static HdlcAddress client(int sap) {
        return new HdlcAddress(sap, 0, 1);
    }

    /** The server address as a client writes it: logical device only, or with the physical address (2 or 4 bytes). */
    static HdlcAddress server(int logicalDevice, int physicalAddress) {
        if (physicalAddress == 0) {
            return new HdlcAddress(logicalDevice, 0, logicalDevice < 0x80 ? 1 : 4);
        }
        return new HdlcAddress(logicalDevice, physicalAddress, logicalDevice < 0x80 && physicalAddress < 0x80 ? 2 : 4);
    }

    /** Reads an address starting at {@code at}; its end is the byte with bit 0 set. */
    static HdlcAddress decode(byte[] frame, int at, int limit) throws FrameException {
        int size = 0;
        while (true) {
            if (at + size >= limit || size == 4) {
                throw new FrameException("address without end bit");
            }
            if ((frame[at + size++] & 1) != 0) {
                break;
            }
        }
        return switch (size) {
            case 1 -> new HdlcAddress(seven(frame, at), 0, 1);
            case 2 -> new HdlcAddress(seven(frame, at), seven(frame, at + 1), 2);
            case 4 -> new HdlcAddress(seven(frame, at) << 7 | seven(frame, at + 1),
                    seven(frame, at + 2) << 7 | seven(frame, at + 3), 4);
            default -> throw new FrameException("address of " + size + " bytes (1, 2 or 4 allowed)");
        };
    }

    void encode(byte[] frame, int at) {
        switch (size) {
            case 1 -> frame[at] = (byte) (upper << 1);
            case 2 -> {
                frame[at] = (byte) (upper << 1);
                frame[at + 1] = (byte) (lower << 1);
            }
            default -> {
                frame[at] = (byte) ((upper >>> 7) << 1);
                frame[at + 1] = (byte) ((upper & 0x7F) << 1);
                frame[at + 2] = (byte) ((lower >>> 7) << 1);
                frame[at + 3] = (byte) ((lower & 0x7F) << 1);
            }
        }
        frame[at + size - 1] |= 1;
    }

    private static int seven(byte[] frame, int at) {
        return (frame[at] & 0xFF) >>> 1;
    }

    @Override
    public String toString() {
        return size == 1 ? String.valueOf(upper) : upper + "/" + lower;
    }
}
