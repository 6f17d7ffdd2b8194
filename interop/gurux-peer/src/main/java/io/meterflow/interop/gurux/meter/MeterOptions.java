package io.meterflow.interop.gurux.meter;

import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of the Gurux meter: {@code --name value} pairs. Unknown options and bad values stop the program
 * with a message naming the option.
 *
 * @param port              TCP port to listen on (0: any free port; the port taken is printed)
 * @param transport         WRAPPER (IEC 62056-47) or HDLC (IEC 62056-46 over TCP)
 * @param logicalDevice     server (upper HDLC) address: the logical device
 * @param physicalAddress   lower HDLC address on the line (0: none)
 * @param hdlcMaxInfo       the meter's own HDLC information field limit, both directions
 * @param auth              NONE, LOW or HIGH_GMAC: the management client's authentication
 * @param client            the management client's address (HLS5 usually 1)
 * @param password          LOW password
 * @param systemTitle       the meter's system title (8 bytes)
 * @param blockCipherKey    global unicast encryption key (16 bytes)
 * @param authenticationKey authentication key (16 bytes)
 * @param initialCounter    invocation counter the meter has already accepted from the management client
 * @param capturePeriodS    load profile capture period in seconds
 * @param profileEntries    rows the profile's ring buffer holds
 * @param history           rows captured before the start
 * @param trace             print every frame received and sent (rx/tx lines, hex)
 */
record MeterOptions(int port, Transport transport, int logicalDevice, int physicalAddress, int hdlcMaxInfo,
                    Auth auth, int client, String password, byte[] systemTitle, byte[] blockCipherKey,
                    byte[] authenticationKey, long initialCounter, int capturePeriodS, int profileEntries,
                    int history, boolean trace) {

    enum Transport { WRAPPER, HDLC }

    enum Auth { NONE, LOW, HIGH_GMAC }

    private static final Set<String> KNOWN = Set.of("port", "transport", "logical-device", "physical-address",
            "hdlc-max-info", "auth", "client", "password", "system-title", "block-cipher-key", "authentication-key",
            "initial-counter", "capture-period-s", "profile-entries", "history", "trace");

    static MeterOptions parse(List<String> args) {
        final Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            final String name = args.get(i);
            if (!name.startsWith("--") || !KNOWN.contains(name.substring(2))) {
                throw new IllegalArgumentException("unknown option '" + name + "'; known: --" + String.join(", --",
                        KNOWN.stream().sorted().toList()));
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("option '" + name + "' needs a value");
            }
            values.put(name.substring(2), args.get(i + 1));
        }
        final Auth auth = enumOf(Auth.class, "auth", values.getOrDefault("auth", "NONE"));
        final MeterOptions options = new MeterOptions(
                integer(values, "port", 0, 0, 65535),
                enumOf(Transport.class, "transport", values.getOrDefault("transport", "WRAPPER")),
                integer(values, "logical-device", 1, 1, 0x3FFF),
                integer(values, "physical-address", 0, 0, 0x3FFF),
                integer(values, "hdlc-max-info", 128, 32, 2030),
                auth,
                integer(values, "client", 1, 1, 0x7F),
                values.get("password"),
                hex(values, "system-title", "4752583132333435", 8),
                hex(values, "block-cipher-key", null, 16),
                hex(values, "authentication-key", null, 16),
                integer(values, "initial-counter", 0, 0, Integer.MAX_VALUE),
                integer(values, "capture-period-s", 60, 1, 86_400),
                integer(values, "profile-entries", 200, 1, 10_000),
                integer(values, "history", 20, 0, 10_000),
                Boolean.parseBoolean(values.getOrDefault("trace", "false")));
        if (auth == Auth.LOW && options.password() == null) {
            throw new IllegalArgumentException("--auth LOW needs --password");
        }
        if (auth == Auth.HIGH_GMAC && (options.blockCipherKey() == null || options.authenticationKey() == null)) {
            throw new IllegalArgumentException("--auth HIGH_GMAC needs --block-cipher-key and --authentication-key");
        }
        if (options.client() == PublicClient.ADDRESS) {
            throw new IllegalArgumentException("--client " + PublicClient.ADDRESS + " is the public client's address");
        }
        return options;
    }

    private static int integer(Map<String, String> values, String name, int fallback, int min, int max) {
        final String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            final int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException("--" + name + " must be " + min + ".." + max + ", got " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got '" + text + "'", e);
        }
    }

    private static byte[] hex(Map<String, String> values, String name, String fallback, int bytes) {
        final String text = values.getOrDefault(name, fallback);
        if (text == null) {
            return null;
        }
        if (!text.matches("[0-9a-fA-F]{" + 2 * bytes + "}")) {
            throw new IllegalArgumentException("--" + name + " must be " + 2 * bytes + " hex digits");
        }
        return HexFormat.of().parseHex(text);
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String name, String text) {
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + name + " must be one of " + List.of(type.getEnumConstants())
                    + ", got '" + text + "'", e);
        }
    }

    /** The public client: no authentication, no ciphering, reads the invocation counter. */
    static final class PublicClient {
        static final int ADDRESS = 16;

        private PublicClient() {
        }
    }
}
