package io.meterflow.connect.dlms.meter;

/**
 * One entry of the inline {@code meters} setting: {@code meterId@host:port}, or for an HDLC meter behind a gateway
 * {@code meterId@host:port/physicalAddress}.
 *
 * @param physicalAddress the lower HDLC address after the slash; null when the entry has none
 */
public record InlineMeterEntry(String meterId, String host, int port, Integer physicalAddress) {

    public static InlineMeterEntry parse(String entry) {
        final int slash = entry.indexOf('/', Math.max(0, entry.lastIndexOf('@')));
        final String address = slash < 0 ? entry : entry.substring(0, slash);
        final int at = address.lastIndexOf('@');
        final int colon = address.lastIndexOf(':');
        if (at < 1 || colon < at + 2 || colon == address.length() - 1) {
            throw new IllegalArgumentException("expected meterId@host:port or meterId@host:port/physicalAddress, got '"
                    + entry + "'");
        }
        final int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port of '" + entry + "' is not a number");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port of '" + entry + "' is outside 1-65535");
        }
        return new InlineMeterEntry(address.substring(0, at).trim(), address.substring(at + 1, colon).trim(), port,
                slash < 0 ? null : physicalAddress(entry, entry.substring(slash + 1)));
    }

    private static int physicalAddress(String entry, String text) {
        final int address;
        try {
            address = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("HDLC physical address of '" + entry + "' is not a number");
        }
        if (!MeterTransport.isPhysicalAddress(address)) {
            throw new IllegalArgumentException("HDLC physical address of '" + entry + "' is " + address
                    + ", not 0 (none) or within 16-" + MeterTransport.MAX_PHYSICAL_ADDRESS + " (126 and 127 are "
                    + "reserved)");
        }
        return address;
    }
}
