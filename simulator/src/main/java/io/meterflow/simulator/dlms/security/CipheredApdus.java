package io.meterflow.simulator.dlms.security;

import java.util.OptionalLong;

/**
 * Finds the invocation counter of a ciphered xDLMS APDU without deciphering it: the security header (security
 * control byte, then the 4-byte invocation counter) follows the tag and length of a glo-/ded- ciphered APDU, the
 * system title and length of a general-glo/ded-ciphering APDU, and sits inside the user-information of an AARQ or
 * RLRQ (an octet string holding a glo-initiateRequest). Plain APDUs have none.
 */
public final class CipheredApdus {

    private static final int AARQ = 0x60;
    private static final int RLRQ = 0x62;
    private static final int USER_INFORMATION = 0xBE;
    private static final int OCTET_STRING = 0x04;
    private static final int GENERAL_GLO_CIPHERING = 0xDB;
    private static final int GENERAL_DED_CIPHERING = 0xDC;

    private CipheredApdus() {
    }

    /** The invocation counter of the APDU, or empty when it is not ciphered (or too short to tell). */
    public static OptionalLong invocationCounter(byte[] apdu) {
        try {
            final int tag = apdu.length == 0 ? -1 : apdu[0] & 0xff;
            if (tag == AARQ || tag == RLRQ) {
                return fromAcse(apdu);
            }
            if (isGloOrDed(tag)) {
                final Cursor c = new Cursor(apdu, 1);
                c.length();
                return OptionalLong.of(c.securityHeader());
            }
            if (tag == GENERAL_GLO_CIPHERING || tag == GENERAL_DED_CIPHERING) {
                final Cursor c = new Cursor(apdu, 1);
                c.skip(c.length()); // system title
                c.length();
                return OptionalLong.of(c.securityHeader());
            }
            return OptionalLong.empty();
        } catch (ArrayIndexOutOfBoundsException truncated) {
            return OptionalLong.empty();
        }
    }

    /**
     * glo-/ded- ciphered requests, responses and initiate PDUs: glo-initiateRequest 0x21, glo-get/set/action
     * requests 0xC8-0xCB and responses 0xCC-0xCF, ded- counterparts 0xD0-0xD7.
     */
    private static boolean isGloOrDed(int tag) {
        return tag == 0x21 || tag == 0x28 || (tag >= 0xC8 && tag <= 0xCF) || (tag >= 0xD0 && tag <= 0xD7);
    }

    private static OptionalLong fromAcse(byte[] apdu) {
        final Cursor outer = new Cursor(apdu, 1);
        final int end = outer.length() + outer.position;
        while (outer.position < end) {
            final int tag = outer.next();
            final int length = outer.length();
            if (tag == USER_INFORMATION) {
                final Cursor inner = new Cursor(apdu, outer.position);
                if (inner.next() != OCTET_STRING) {
                    return OptionalLong.empty();
                }
                inner.length();
                final int initiateTag = inner.next();
                if (!isGloOrDed(initiateTag)) {
                    return OptionalLong.empty(); // a plain xDLMS-initiate.request: no ciphering
                }
                inner.length();
                return OptionalLong.of(inner.securityHeader());
            }
            outer.skip(length);
        }
        return OptionalLong.empty();
    }

    private static final class Cursor {
        private final byte[] bytes;
        private int position;

        Cursor(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        int next() {
            return bytes[position++] & 0xff;
        }

        void skip(int n) {
            position += n;
        }

        /** BER definite length, which A-XDR shares: one byte below 0x80, else 0x8n followed by n bytes. */
        int length() {
            final int first = next();
            if (first < 0x80) {
                return first;
            }
            int length = 0;
            for (int i = 0; i < (first & 0x7f); i++) {
                length = (length << 8) | next();
            }
            return length;
        }

        /** Skips the security control byte and returns the invocation counter after it. */
        long securityHeader() {
            next();
            long counter = 0;
            for (int i = 0; i < 4; i++) {
                counter = (counter << 8) | next();
            }
            return counter;
        }
    }
}
