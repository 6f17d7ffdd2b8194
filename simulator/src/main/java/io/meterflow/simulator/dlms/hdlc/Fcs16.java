package io.meterflow.simulator.dlms.hdlc;

/**
 * The 16-bit frame check sequence of IEC 62056-46 (ISO/IEC 13239, CRC-16/X.25: reflected polynomial 0x8408, initial
 * value 0xFFFF, final complement, sent least significant byte first). It guards the header (HCS) and the whole frame
 * (FCS).
 */
final class Fcs16 {

    private static final int[] TABLE = new int[256];

    static {
        for (int b = 0; b < 256; b++) {
            int v = b;
            for (int i = 0; i < 8; i++) {
                v = (v & 1) != 0 ? (v >>> 1) ^ 0x8408 : v >>> 1;
            }
            TABLE[b] = v;
        }
    }

    private Fcs16() {
    }

    /** The check sequence of {@code length} bytes from {@code offset}, as sent (low byte first in the result's low byte). */
    static int of(byte[] data, int offset, int length) {
        int fcs = 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            fcs = (fcs >>> 8) ^ TABLE[(fcs ^ data[i]) & 0xFF];
        }
        return ~fcs & 0xFFFF;
    }

    /** Whether the two bytes after {@code length} bytes from {@code offset} are their check sequence. */
    static boolean matches(byte[] data, int offset, int length) {
        final int fcs = of(data, offset, length);
        return (data[offset + length] & 0xFF) == (fcs & 0xFF) && (data[offset + length + 1] & 0xFF) == fcs >>> 8;
    }

    /** Writes the check sequence of {@code length} bytes from {@code offset} right after them. */
    static void append(byte[] data, int offset, int length) {
        final int fcs = of(data, offset, length);
        data[offset + length] = (byte) fcs;
        data[offset + length + 1] = (byte) (fcs >>> 8);
    }
}
