package io.meterflow.schema.obis;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An OBIS code (IEC 62056-61) in the dotted form MeterFlow's topics carry: {@code A.B.C.D.E.F}, six value groups,
 * each 0..255 in plain decimal without leading zeros, e.g. {@code 1.0.1.8.0.255}. One group is one byte of the COSEM
 * logical name, so 256 or 999 name no object; a leading zero would make two spellings of one code, and consumers
 * (rates, the read model) compare codes as text.
 *
 * <p>{@link #PATTERN} is the {@code obis} pattern of the JSON Schemas in schemas/json; ObisCodeTest holds both to the
 * same cases.
 */
public record ObisCode(int a, int b, int c, int d, int e, int f) {

    private static final String GROUP = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

    /** The JSON Schema pattern of an OBIS code, as written in schemas/json (ECMA-262 and java.util.regex agree). */
    public static final String PATTERN = "^" + GROUP + "(\\." + GROUP + "){5}$";

    /** Says what a valid code looks like, for error messages. */
    public static final String FORM = "A.B.C.D.E.F, each group 0-255";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    public ObisCode {
        for (int group : new int[] {a, b, c, d, e, f}) {
            if (group < 0 || group > 255) {
                throw new IllegalArgumentException("OBIS value group " + group + " is outside 0-255");
            }
        }
    }

    public static boolean isValid(String dotted) {
        return dotted != null && COMPILED.matcher(dotted).matches();
    }

    /** The code of a dotted string, or empty when it is not an OBIS code in {@link #FORM}. */
    public static Optional<ObisCode> tryParse(String dotted) {
        if (!isValid(dotted)) {
            return Optional.empty();
        }
        final String[] p = dotted.split("\\.");
        return Optional.of(new ObisCode(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                Integer.parseInt(p[3]), Integer.parseInt(p[4]), Integer.parseInt(p[5])));
    }

    /** The code of a dotted string; IllegalArgumentException naming the text when it is not one. */
    public static ObisCode parse(String dotted) {
        return tryParse(dotted).orElseThrow(() -> new IllegalArgumentException(
                "'" + dotted + "' is not an OBIS code " + FORM));
    }

    /** The code of a six-byte COSEM logical name. */
    public static ObisCode ofLogicalName(byte[] sixBytes) {
        if (sixBytes.length != 6) {
            throw new IllegalArgumentException("a COSEM logical name has 6 bytes, got " + sixBytes.length);
        }
        return new ObisCode(sixBytes[0] & 0xff, sixBytes[1] & 0xff, sixBytes[2] & 0xff, sixBytes[3] & 0xff,
                sixBytes[4] & 0xff, sixBytes[5] & 0xff);
    }

    /** The six value groups as the bytes of a COSEM logical name. */
    public byte[] logicalName() {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d, (byte) e, (byte) f};
    }

    /** The dotted form. */
    @Override
    public String toString() {
        return a + "." + b + "." + c + "." + d + "." + e + "." + f;
    }
}
