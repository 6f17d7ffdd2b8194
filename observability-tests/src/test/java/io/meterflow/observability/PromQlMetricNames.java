package io.meterflow.observability;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects: what is left once strings, label matchers, ranges, grouping
 * clauses, functions, keywords and numbers are taken away.
 */
final class PromQlMetricNames {

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]|\\boffset\\s+\\w+");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "by", "without", "on", "ignoring",
            "group_left", "group_right", "offset", "inf", "nan", "Inf", "NaN");

    private PromQlMetricNames() {
    }

    static Set<String> of(String expr) {
        String rest = STRINGS.matcher(expr).replaceAll(" ");
        rest = MATCHERS.matcher(rest).replaceAll(" ");
        rest = RANGES.matcher(rest).replaceAll(" ");
        rest = GROUPING.matcher(rest).replaceAll(" ");
        final Set<String> names = new TreeSet<>();
        final Matcher m = IDENTIFIER.matcher(rest);
        while (m.find()) {
            final String token = m.group();
            final boolean numberPart = m.start() > 0 && Character.isDigit(rest.charAt(m.start() - 1));
            final boolean function = rest.substring(m.end()).matches("(?s)\\s*\\(.*");
            if (!numberPart && !function && !KEYWORDS.contains(token)) {
                names.add(token);
            }
        }
        return names;
    }
}
