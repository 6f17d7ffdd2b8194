package io.meterflow.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names docs/metrics.md lists, plus the recording rules' names. In the doc, a cell may shorten a
 * family: {@code `http_server_requests_seconds_bucket`, `_count`} (a suffix after a full name replaces that name's
 * tail) and {@code `hikaricp_connections_usage_seconds_*`} (any name with that prefix).
 */
final class DocumentedMetrics {

    private static final Pattern CODE = Pattern.compile("`([a-zA-Z_:][a-zA-Z0-9_:]*\\*?)`");
    private static final Pattern RECORD = Pattern.compile("(?m)^\\s*-\\s*record:\\s*(\\S+)\\s*$");

    private final List<String> names = new ArrayList<>();
    private final List<String[]> families = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();

    static DocumentedMetrics load(Path home) {
        final DocumentedMetrics documented = new DocumentedMetrics();
        for (String line : read(home.resolve("docs/metrics.md")).split("\n")) {
            documented.addLine(line);
        }
        for (Path rules : ShippedRules.files(home)) {
            final Matcher m = RECORD.matcher(read(rules));
            while (m.find()) {
                documented.names.add(m.group(1));
            }
        }
        return documented;
    }

    private void addLine(String line) {
        // Table cells and prose sentences are the units in which a suffix refers back to a full name.
        for (String cell : line.split("\\|")) {
            String full = null;
            final Matcher m = CODE.matcher(cell);
            while (m.find()) {
                final String token = m.group(1);
                if (token.endsWith("*")) {
                    prefixes.add(token.substring(0, token.length() - 1));
                } else if (token.startsWith("_") && full != null) {
                    families.add(new String[] {full, token});
                } else if (token.contains("_") || token.equals(token.toUpperCase()) || token.equals("up")) {
                    names.add(token);
                    full = token;
                }
            }
        }
    }

    boolean contains(String metric) {
        if (names.contains(metric) || prefixes.stream().anyMatch(metric::startsWith)) {
            return true;
        }
        for (String[] family : families) {
            final String full = family[0];
            final String suffix = family[1];
            if (metric.endsWith(suffix) && full.startsWith(metric.substring(0, metric.length() - suffix.length()))) {
                return true;
            }
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
