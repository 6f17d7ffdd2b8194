package io.meterflow.connect.dlms.push.mapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The objects a meter's push setup sends, in order (the push setup's push_object_list): the notification body is a
 * structure with one element per entry. Written as comma-separated entries:
 * <ul>
 *   <li>{@code 0.0.42.0.0.255} logical device name, {@code 0.0.1.0.0.255} clock, {@code 0.0.97.98.0.255} alarm
 *   register, {@code 0.0.96.11.0.255} event code, {@code 0.0.96.10.1.255} status word, {@code 0.7.25.9.0.255} the
 *   push setup that sent the push: their meaning follows from the OBIS code;</li>
 *   <li>{@code 1.0.1.8.0.255[0,Wh]} a register with its scaler and unit (a push carries the value attribute only);
 *   without brackets scaler 0 and no unit;</li>
 *   <li>{@code 1.0.99.1.0.255{0.0.1.0.0.255;0.0.96.10.1.255;1.0.1.8.0.255[0,Wh]}} a profile buffer with its capture
 *   objects (columns), separated by semicolons; the clock column gives each row's capture time.</li>
 * </ul>
 */
public record PushObjectList(List<PushObject> objects) {

    public static final String DEFAULT = "0.0.42.0.0.255,0.0.1.0.0.255,1.0.1.8.0.255[0,Wh],1.0.2.8.0.255[0,Wh],"
            + "1.0.99.1.0.255{0.0.1.0.0.255;0.0.96.10.1.255;1.0.1.8.0.255[0,Wh]},0.0.97.98.0.255";

    private static final Pattern ENTRY = Pattern.compile(
            "(\\d{1,3}(?:\\.\\d{1,3}){5})(?:\\[(-?\\d{1,3}),([^\\]\\[{};,]*)])?(?:\\{([^{}]*)})?");

    public PushObjectList {
        objects = List.copyOf(objects);
    }

    /**
     * Parses the written form.
     *
     * @throws IllegalArgumentException naming the entry that is wrong
     */
    public static PushObjectList parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the push object list is empty");
        }
        final List<PushObject> objects = new ArrayList<>();
        for (String entry : topLevelEntries(text)) {
            objects.add(entry(entry, true));
        }
        return new PushObjectList(objects);
    }

    private static PushObject entry(String text, boolean topLevel) {
        final Matcher m = ENTRY.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not OBIS[scaler,unit] or OBIS{columns}");
        }
        final int[] obis = Arrays.stream(m.group(1).split("\\.")).mapToInt(Integer::parseInt).toArray();
        if (Arrays.stream(obis).anyMatch(b -> b > 255)) {
            throw new IllegalArgumentException("'" + m.group(1) + "' has a group above 255");
        }
        final PushObject.Kind kind = PushObject.kindOf(obis);
        final List<PushObject> columns = new ArrayList<>();
        if (m.group(4) != null) {
            if (kind != PushObject.Kind.PROFILE || !topLevel) {
                throw new IllegalArgumentException("'" + text.trim() + "': only a profile (x.x.99.x.x.x) has columns");
            }
            for (String column : m.group(4).split(";")) {
                columns.add(entry(column, false));
            }
            if (columns.stream().noneMatch(c -> c.kind() == PushObject.Kind.CLOCK)) {
                throw new IllegalArgumentException("'" + text.trim() + "': a profile needs a clock column 0.0.1.0.0.255");
            }
        } else if (kind == PushObject.Kind.PROFILE) {
            throw new IllegalArgumentException("'" + text.trim() + "': a profile needs its columns in braces");
        }
        final String unit = m.group(3) == null || m.group(3).isBlank() ? null : m.group(3).trim();
        return new PushObject(kind, m.group(1), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)), unit, columns);
    }

    /** Splits on commas outside braces (profile columns use semicolons, but a stray comma must not split them). */
    private static List<String> topLevelEntries(String text) {
        final List<String> entries = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                entries.add(text.substring(start, i));
                start = i + 1;
            }
        }
        entries.add(text.substring(start));
        return entries;
    }

    public int size() {
        return objects.size();
    }
}
