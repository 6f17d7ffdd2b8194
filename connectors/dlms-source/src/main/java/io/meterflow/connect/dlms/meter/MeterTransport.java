package io.meterflow.connect.dlms.meter;

import java.util.Locale;
import java.util.Optional;

/**
 * How DLMS travels to a meter over TCP: the IEC 62056-47 wrapper (a TCP port per meter, or per logical device of a
 * data concentrator), or HDLC (IEC 62056-46) through a serial-to-TCP gateway that may carry several meters on one
 * port, each known by its physical (lower HDLC) address.
 *
 * @param physicalAddress      HDLC: the meter's lower HDLC address on the gateway's bus, 0 when the server address
 *                             carries the logical device only (a meter alone on its line); 0 for WRAPPER
 * @param maxInformationLength HDLC: the largest information field proposed in the SNRM, both directions (the meter's
 *                             UA may lower it); 0 for WRAPPER
 */
public record MeterTransport(Kind kind, int physicalAddress, int maxInformationLength) {

    /** The framing of DLMS over TCP. */
    public enum Kind { WRAPPER, HDLC }

    public static final MeterTransport WRAPPER = new MeterTransport(Kind.WRAPPER, 0, 0);
    /** Largest HDLC information field (11-bit frame length minus the header); jDLMS proposes at least 128. */
    public static final int MAX_INFORMATION_LENGTH = 2030;
    public static final int MIN_INFORMATION_LENGTH = 128;
    /** Highest lower HDLC address a meter may have (4-byte addressing; 0x3FFE/0x3FFF are reserved). */
    public static final int MAX_PHYSICAL_ADDRESS = 0x3FFD;

    /**
     * The information field an HLS5_GMAC association request (AARQ with its LLC header) takes as jDLMS 1.8.0 builds
     * it, measured; jDLMS cannot send it in segments, so a smaller negotiated field makes the association fail.
     */
    public static final int HLS5_REQUEST_FIELD = 147;

    public static MeterTransport hdlc(int physicalAddress, int maxInformationLength) {
        return new MeterTransport(Kind.HDLC, physicalAddress, maxInformationLength);
    }

    public boolean isHdlc() {
        return kind == Kind.HDLC;
    }

    /** The kind named by a setting or column value, case-insensitively. */
    public static Kind kind(String name) {
        return Kind.valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    /** Lower HDLC addresses a meter may have: 0 (none), or 16-16381 without the 1-byte calling/broadcast ones. */
    public static boolean isPhysicalAddress(int address) {
        return address == 0 || (address >= 16 && address <= MAX_PHYSICAL_ADDRESS && address != 0x7E && address != 0x7F);
    }

    /** Why the association request of {@code auth} does not fit this transport's information field; empty if it does. */
    public Optional<String> requestTooLong(AuthMechanism auth) {
        if (!isHdlc() || auth != AuthMechanism.HLS5_GMAC || maxInformationLength >= HLS5_REQUEST_FIELD) {
            return Optional.empty();
        }
        return Optional.of("is " + maxInformationLength + " bytes, but an HLS5_GMAC association request takes "
                + HLS5_REQUEST_FIELD + " and jDLMS 1.8.0 cannot send a request in segments");
    }

    @Override
    public String toString() {
        return isHdlc() ? "HDLC physical address " + physicalAddress + ", max information field "
                + maxInformationLength : "WRAPPER";
    }
}
