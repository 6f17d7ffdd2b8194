package io.meterflow.connect.dlms.record;

import java.util.Map;

/** Symbols of the DLMS unit enumeration (IEC 62056-62, table 4) that meters commonly use. */
public final class DlmsUnits {

    private static final Map<Integer, String> SYMBOLS = Map.ofEntries(
            Map.entry(1, "a"), Map.entry(2, "mo"), Map.entry(3, "wk"), Map.entry(4, "d"), Map.entry(5, "h"),
            Map.entry(6, "min"), Map.entry(7, "s"), Map.entry(8, "°"), Map.entry(9, "°C"), Map.entry(11, "m"),
            Map.entry(12, "m/s"), Map.entry(13, "m3"), Map.entry(14, "m3"), Map.entry(15, "m3/h"),
            Map.entry(16, "m3/h"), Map.entry(17, "m3/d"), Map.entry(18, "m3/d"), Map.entry(19, "l"),
            Map.entry(20, "kg"), Map.entry(21, "N"), Map.entry(22, "Nm"), Map.entry(23, "Pa"), Map.entry(24, "bar"),
            Map.entry(25, "J"), Map.entry(26, "J/h"), Map.entry(27, "W"), Map.entry(28, "VA"), Map.entry(29, "var"),
            Map.entry(30, "Wh"), Map.entry(31, "VAh"), Map.entry(32, "varh"), Map.entry(33, "A"),
            Map.entry(34, "C"), Map.entry(35, "V"), Map.entry(36, "V/m"), Map.entry(37, "F"), Map.entry(38, "Ω"),
            Map.entry(44, "Hz"), Map.entry(46, "Wh/pulse"), Map.entry(47, "varh/pulse"),
            Map.entry(48, "VAh/pulse"), Map.entry(56, "%"));

    private DlmsUnits() {
    }

    /** The unit's symbol, or null for count (255), other (254) and units not listed. */
    public static String symbol(int unit) {
        return SYMBOLS.get(unit);
    }
}
