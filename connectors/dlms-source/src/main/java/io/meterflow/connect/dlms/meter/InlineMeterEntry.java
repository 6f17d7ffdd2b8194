package io.meterflow.connect.dlms.meter;

/** One {@code meterId@host:port} entry of the inline {@code meters} setting. */
public record InlineMeterEntry(String meterId, String host, int port) {

    public static InlineMeterEntry parse(String entry) {
        final int at = entry.lastIndexOf('@');
        final int colon = entry.lastIndexOf(':');
        if (at < 1 || colon < at + 2 || colon == entry.length() - 1) {
            throw new IllegalArgumentException("expected meterId@host:port, got '" + entry + "'");
        }
        final int port;
        try {
            port = Integer.parseInt(entry.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port of '" + entry + "' is not a number");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port of '" + entry + "' is outside 1-65535");
        }
        return new InlineMeterEntry(entry.substring(0, at).trim(), entry.substring(at + 1, colon).trim(), port);
    }
}
