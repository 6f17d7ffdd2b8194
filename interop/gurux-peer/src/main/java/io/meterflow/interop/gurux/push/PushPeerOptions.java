package io.meterflow.interop.gurux.push;

import gurux.dlms.enums.Security;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The command line of the Gurux push peer: {@code --name value} pairs. Every option has a default except
 * {@code --target}; a wrong value stops the peer with a message naming the option.
 *
 * @param layout          IDIS (logical device name first), PUSH_SETUP_FIRST (the push setup's logical name, then
 *                        the IDIS objects) or SELF_DESCRIBING (the push setup's push object list, then the IDIS objects)
 * @param rows            profile rows per push, one capture period apart, the newest at the push's capture time
 * @param maxPdu          the meter's largest PDU; a longer push goes out in general-block-transfer blocks
 * @param firstCaptureMs  capture time (meter clock) of the first push, epoch ms
 * @param periodMs        capture times of consecutive pushes are this far apart
 * @param resend          push number (1-based) pushed once more after the others, 0 for none: a meter retrying it
 * @param alarmEvery      every n-th push has POWER_UP set in alarm register 1 (0: never)
 * @param dateTime        whether the DataNotification carries its date-time (the capture time)
 */
record PushPeerOptions(String host, int port, String logicalDeviceName, byte[] systemTitle, byte[] encryptionKey,
                       byte[] authenticationKey, Security security, long invocationCounter, int pushes,
                       long firstCaptureMs, long periodMs, int resend, int alarmEvery, boolean dateTime,
                       Layout layout, int clientWPort, int serverWPort, int rows, int maxPdu) {

    enum Layout { IDIS, PUSH_SETUP_FIRST, SELF_DESCRIBING }

    private static final Set<String> NAMES = Set.of("target", "ldn", "system-title", "ek", "ak", "security", "ic",
            "pushes", "first-capture-ms", "period-ms", "resend", "alarm-every", "date-time", "layout",
            "client-wport", "server-wport", "rows", "max-pdu");

    static PushPeerOptions parse(String[] args) {
        final Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            final String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + args[i] + "'; options: --" + String.join(", --",
                        NAMES.stream().sorted().toList()));
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            }
            given.put(name, args[i + 1]);
        }
        final String target = given.get("target");
        if (target == null || !target.matches("[^:]+:\\d{1,5}")) {
            throw new IllegalArgumentException("--target host:port is required, got " + target);
        }
        return new PushPeerOptions(target.substring(0, target.lastIndexOf(':')),
                Integer.parseInt(target.substring(target.lastIndexOf(':') + 1)),
                given.getOrDefault("ldn", "GRX0000000000001"),
                hex(given, "system-title", "4752580000000001", 8),
                hex(given, "ek", "000102030405060708090a0b0c0d0e0f", 16),
                hex(given, "ak", "0f0e0d0c0b0a09080706050403020100", 16),
                Security.valueOf(given.getOrDefault("security", "NONE").toUpperCase(Locale.ROOT)),
                number(given, "ic", 1), (int) number(given, "pushes", 3),
                number(given, "first-capture-ms", System.currentTimeMillis() / 1_000 * 1_000),
                number(given, "period-ms", 900_000), (int) number(given, "resend", 0),
                (int) number(given, "alarm-every", 0), Boolean.parseBoolean(given.getOrDefault("date-time", "true")),
                Layout.valueOf(given.getOrDefault("layout", "IDIS").toUpperCase(Locale.ROOT)),
                (int) number(given, "client-wport", 102), (int) number(given, "server-wport", 1),
                (int) number(given, "rows", 1), (int) number(given, "max-pdu", 0xFFFF));
    }

    private static byte[] hex(Map<String, String> given, String name, String fallback, int bytes) {
        final byte[] value;
        try {
            value = HexFormat.of().parseHex(given.getOrDefault(name, fallback));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + name + " is not hex: " + given.get(name));
        }
        if (value.length != bytes) {
            throw new IllegalArgumentException("--" + name + " needs " + bytes * 2 + " hex digits");
        }
        return value;
    }

    private static long number(Map<String, String> given, String name, long fallback) {
        try {
            return given.containsKey(name) ? Long.parseLong(given.get(name)) : fallback;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " is not a number: " + given.get(name));
        }
    }
}
