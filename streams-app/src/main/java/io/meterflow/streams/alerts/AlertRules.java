package io.meterflow.streams.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.schema.Severity;
import io.meterflow.streams.config.RulesFile;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The alert rules, read from their own YAML file and validated as a whole: every problem is reported, each
 * naming the rule and the field.
 *
 * <pre>
 * rules:
 *   - name: ClockDrift
 *     metric: clock_drift_seconds   # error_pct, publication_pct, clock_drift_seconds, silent_intervals, counter_reset
 *     above: 10                     # or below:
 *     critical: 60                  # optional: CRITICAL at once beyond this value
 *     for: PT2M                     # optional, default PT0S
 *     healthyAfter: PT10M           # optional, default PT0S
 *     severity: MEDIUM              # INFO, MEDIUM, HIGH, CRITICAL
 *     escalateAfter: PT30M          # optional: CRITICAL once bad this long while FIRING; for windowed metrics
 *                                   # also a number of further bad windows (3); or never. Default: never with
 *                                   # critical, else 3 windows (windowed metrics) or PT30M
 *     noDataAfter: PT30M            # optional, default never
 *     window: PT5M                  # windowed metrics only; default the first configured window size
 * </pre>
 */
public record AlertRules(List<AlertRule> rules) {

    private static final RulesFile FILE = new RulesFile("alert rules");
    private static final Set<String> FIELDS = Set.of("name", "metric", "above", "below", "critical", "for",
            "healthyAfter", "severity", "escalateAfter", "noDataAfter", "window", "description");

    public AlertRules {
        rules = List.copyOf(rules);
    }

    public static AlertRules load(Path file) {
        return parse(FILE.read(file), file.toString());
    }

    public static AlertRules parse(String yaml, String source) {
        final JsonNode root = FILE.tree(yaml, source);
        if (root == null || !root.path("rules").isArray()) {
            throw FILE.invalid(source, List.of("top-level field 'rules' must be a list of rules"));
        }
        final List<String> problems = new ArrayList<>();
        final List<AlertRule> rules = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        int index = 0;
        for (JsonNode node : root.get("rules")) {
            index++;
            final RuleReader reader = new RuleReader(node, index, problems);
            final AlertRule rule = reader.read();
            if (rule != null) {
                if (!names.add(rule.name())) {
                    problems.add(reader.where("name") + "duplicate rule name");
                } else {
                    rules.add(rule);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw FILE.invalid(source, problems);
        }
        return new AlertRules(rules);
    }

    public List<AlertRule> forMetric(Metric metric) {
        return rules.stream().filter(r -> r.metric() == metric).toList();
    }

    /** Reads one rule node, collecting problems instead of stopping at the first. */
    private static final class RuleReader {
        private final JsonNode node;
        private final int index;
        private final List<String> problems;
        private final int problemsBefore;
        private String name;

        RuleReader(JsonNode node, int index, List<String> problems) {
            this.node = node;
            this.index = index;
            this.problems = problems;
            this.problemsBefore = problems.size();
        }

        String where(String field) {
            return "rule " + (name == null ? "#" + index : "'" + name + "' (#" + index + ")") + ", field '" + field + "': ";
        }

        AlertRule read() {
            if (!node.isObject()) {
                problems.add("rule #" + index + ": must be a mapping of fields");
                return null;
            }
            name = node.path("name").isTextual() && !node.path("name").asText().isBlank() ? node.get("name").asText() : null;
            if (name == null) {
                problems.add(where("name") + "required, a non-empty string");
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                final String field = it.next();
                if (!FIELDS.contains(field)) {
                    problems.add(where(field) + "unknown field; known fields are " + new java.util.TreeSet<>(FIELDS));
                }
            }
            final Metric metric = required("metric", text -> Metric.fromWireName(text).orElse(null),
                    "one of " + Arrays.stream(Metric.values()).map(Metric::wireName).collect(Collectors.joining(", ")));
            final Severity severity = required("severity", text -> enumValue(text), "one of INFO, MEDIUM, HIGH, CRITICAL");
            final boolean hasAbove = node.has("above");
            final boolean hasBelow = node.has("below");
            if (hasAbove == hasBelow) {
                problems.add(where("above") + "exactly one of 'above' or 'below' is required");
            }
            final boolean above = hasAbove;
            final Double threshold = number(above ? "above" : "below");
            final Double critical = node.has("critical") ? number("critical") : null;
            if (threshold != null && critical != null && (above ? critical <= threshold : critical >= threshold)) {
                problems.add(where("critical") + "must be " + (above ? "above" : "below") + " the threshold " + threshold);
            }
            final Duration forDuration = duration("for", Duration.ZERO);
            final Duration healthyAfter = duration("healthyAfter", Duration.ZERO);
            final Duration noDataAfter = duration("noDataAfter", null);
            final Duration window = duration("window", null);
            if (window != null && metric != null && !metric.windowed()) {
                problems.add(where("window") + "only windowed metrics (error_pct, publication_pct) have a window");
            }
            if (noDataAfter != null && metric == Metric.SILENT_INTERVALS) {
                problems.add(where("noDataAfter") + "silent_intervals detects missing data itself");
            }
            final Escalation escalateAfter = escalation(metric, critical != null);
            if (problems.size() > problemsBefore) {
                return null;
            }
            return new AlertRule(name, metric, above, threshold, critical, forDuration, healthyAfter, severity,
                    escalateAfter, noDataAfter, window);
        }

        /** {@code escalateAfter}: an ISO-8601 duration, a number of windows (windowed metrics), or never. */
        private Escalation escalation(Metric metric, boolean hasCritical) {
            final JsonNode v = node.get("escalateAfter");
            if (v == null || v.isNull()) {
                return metric == null ? null : Escalation.defaultFor(metric, hasCritical);
            }
            if (v.isIntegralNumber()) {
                if (!v.canConvertToInt() || v.asInt() < 1) {
                    problems.add(where("escalateAfter") + "a number of windows must be a whole number >= 1, got " + v);
                } else if (metric != null && !metric.windowed()) {
                    problems.add(where("escalateAfter") + metric.wireName() + " is not evaluated per window, so "
                            + v + " cannot count windows: give a duration such as PT30M, or never");
                } else {
                    return Escalation.afterWindows(v.asInt());
                }
                return null;
            }
            final String text = v.isTextual() ? v.asText().trim() : null;
            if ("never".equalsIgnoreCase(text)) {
                return Escalation.NEVER;
            }
            try {
                final Duration after = Duration.parse(text == null ? "" : text);
                if (after.isZero() || after.isNegative()) {
                    problems.add(where("escalateAfter") + "must be positive (never turns escalation off), got " + text);
                    return null;
                }
                return Escalation.afterDuration(after);
            } catch (DateTimeParseException e) {
                problems.add(where("escalateAfter") + "'" + (text == null ? v : text) + "' is not a duration such as"
                        + " PT30M, a number of windows (windowed metrics only) or never");
                return null;
            }
        }

        private <T> T required(String field, Function<String, T> parse, String expected) {
            final JsonNode v = node.get(field);
            if (v == null || !v.isTextual()) {
                problems.add(where(field) + "required, " + expected);
                return null;
            }
            final T parsed = parse.apply(v.asText().trim());
            if (parsed == null) {
                problems.add(where(field) + "'" + v.asText() + "' is not " + expected);
            }
            return parsed;
        }

        private Double number(String field) {
            final JsonNode v = node.get(field);
            if (v == null || !v.isNumber()) {
                problems.add(where(field) + "must be a number, got " + v);
                return null;
            }
            return v.asDouble();
        }

        private Duration duration(String field, Duration fallback) {
            final JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return fallback;
            }
            try {
                final Duration d = Duration.parse(v.asText().trim());
                if (d.isNegative()) {
                    problems.add(where(field) + "must not be negative, got " + v.asText());
                }
                return d;
            } catch (DateTimeParseException e) {
                problems.add(where(field) + "'" + v.asText() + "' is not an ISO-8601 duration such as PT5M");
                return fallback;
            }
        }

        private static Severity enumValue(String text) {
            try {
                return Severity.valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
