package io.meterflow.streams.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.schema.IntervalFlag;
import io.meterflow.schema.QualityRule;
import io.meterflow.schema.obis.ObisCode;
import io.meterflow.streams.config.RulesFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The validation rules of meter-intervals-validated, read from their own YAML file and validated as a whole: every
 * problem is reported, each naming the rule and the field. A rule not in the file does not run.
 *
 * <pre>
 * register: 1.0.1.8.0.255          # cumulative register: profile column whose deltas are the consumption, and the
 *                                  # register of meter-readings the zero and sum checks compare with
 * rules:
 *   - rule: SPIKE                  # consumption above factor x the median of the recent intervals
 *     factor: 5                    # > 1
 *     window: 48                   # recent intervals the median is taken over (2..1000)
 *     minIntervals: 8              # fewer known consumptions in the window: no verdict (1..window)
 *   - rule: NEGATIVE_CONSUMPTION   # the register went down between consecutive rows
 *   - rule: ZERO_CONSUMPTION       # no consumption for `intervals` consecutive intervals while meter-readings'
 *     intervals: 4                 # register grew over them (1..1000)
 *   - rule: SUM_MISMATCH           # profile growth over `span` intervals outside what the register readings allow
 *     span: 4                      # 1..1000
 *     tolerance: 0.02              # relative to the profile's growth (0..1)
 *     minTolerance: 1.0            # absolute, in the register's unit (>= 0)
 *   - rule: CLOCK_SUSPECT          # captured while the meter clock was off
 *     flags: [CLOCK_SUSPECT, CLOCK_INVALID, CLOCK_ADJUSTED]
 *   - rule: METER_FLAGGED          # the meter marked the row
 *     flags: [DATA_NOT_VALID, CRITICAL_ERROR]
 * </pre>
 */
public record ValidationRules(String register, Spike spike, boolean negative, ZeroConsumption zero, SumCheck sum,
                              Set<IntervalFlag> clockFlags, Set<IntervalFlag> meterFlags) {

    private static final RulesFile FILE = new RulesFile("validation rules");

    /** @param window intervals the median is taken over; {@code minIntervals} of them must be known */
    public record Spike(double factor, int window, int minIntervals) {
    }

    public record ZeroConsumption(int intervals) {
    }

    public record SumCheck(int span, double tolerance, double minTolerance) {
    }

    private static final Map<QualityRule, Set<String>> FIELDS = fields();

    public ValidationRules {
        clockFlags = clockFlags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(clockFlags));
        meterFlags = meterFlags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(meterFlags));
    }

    /** No rule at all: every real row is VALID. */
    public static ValidationRules none() {
        return new ValidationRules("1.0.1.8.0.255", null, false, null, null, Set.of(), Set.of());
    }

    /** Rows of consumption history a verdict may look back at (the window the validator keeps per meter). */
    public int lookBack() {
        int back = 1;
        back = Math.max(back, spike == null ? 0 : spike.window());
        back = Math.max(back, zero == null ? 0 : zero.intervals());
        back = Math.max(back, sum == null ? 0 : sum.span());
        return back + 1;
    }

    public static ValidationRules load(Path file) {
        return parse(FILE.read(file), file.toString());
    }

    public static ValidationRules parse(String yaml, String source) {
        final JsonNode root = FILE.tree(yaml, source);
        final List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw FILE.invalid(source, List.of("must be a mapping with 'register' and 'rules'"));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            final String field = it.next();
            if (!field.equals("register") && !field.equals("rules")) {
                problems.add("top-level field '" + field + "': unknown; known fields are [register, rules]");
            }
        }
        final String register = root.path("register").asText("1.0.1.8.0.255");
        if (!ObisCode.isValid(register)) {
            problems.add("top-level field 'register': '" + register + "' is not an OBIS code such as 1.0.1.8.0.255");
        }
        if (!root.path("rules").isArray()) {
            problems.add("top-level field 'rules' must be a list of rules");
            throw FILE.invalid(source, problems);
        }
        final Map<QualityRule, RuleReader> rules = new EnumMap<>(QualityRule.class);
        int index = 0;
        for (JsonNode node : root.get("rules")) {
            index++;
            final RuleReader reader = new RuleReader(node, index, problems);
            final QualityRule rule = reader.rule();
            if (rule != null && rules.putIfAbsent(rule, reader) != null) {
                problems.add(reader.where("rule") + "appears twice; each rule at most once");
            }
        }
        final Spike spike = read(rules, QualityRule.SPIKE, r -> {
            final int window = r.integer("window", 48, 2, 1000);
            return new Spike(r.number("factor", 5, 1, false), window, r.integer("minIntervals", 8, 1, window));
        });
        final ZeroConsumption zero = read(rules, QualityRule.ZERO_CONSUMPTION,
                r -> new ZeroConsumption(r.integer("intervals", 4, 1, 1000)));
        final SumCheck sum = read(rules, QualityRule.SUM_MISMATCH, r -> new SumCheck(r.integer("span", 4, 1, 1000),
                r.fraction("tolerance", 0.02), r.number("minTolerance", 1.0, 0, true)));
        final Set<IntervalFlag> clock = read(rules, QualityRule.CLOCK_SUSPECT, r -> r.flags(
                EnumSet.of(IntervalFlag.CLOCK_SUSPECT, IntervalFlag.CLOCK_INVALID, IntervalFlag.CLOCK_ADJUSTED)));
        final Set<IntervalFlag> meter = read(rules, QualityRule.METER_FLAGGED, r -> r.flags(
                EnumSet.of(IntervalFlag.DATA_NOT_VALID, IntervalFlag.CRITICAL_ERROR)));
        read(rules, QualityRule.NEGATIVE_CONSUMPTION, r -> Boolean.TRUE);
        if (!problems.isEmpty()) {
            throw FILE.invalid(source, problems);
        }
        return new ValidationRules(register, spike, rules.containsKey(QualityRule.NEGATIVE_CONSUMPTION), zero, sum,
                clock == null ? Set.of() : clock, meter == null ? Set.of() : meter);
    }

    private static <T> T read(Map<QualityRule, RuleReader> rules, QualityRule rule,
                              java.util.function.Function<RuleReader, T> reader) {
        final RuleReader r = rules.get(rule);
        if (r == null) {
            return null;
        }
        r.checkFields(FIELDS.get(rule));
        return reader.apply(r);
    }

    private static Map<QualityRule, Set<String>> fields() {
        final Map<QualityRule, Set<String>> fields = new EnumMap<>(QualityRule.class);
        fields.put(QualityRule.SPIKE, Set.of("factor", "window", "minIntervals"));
        fields.put(QualityRule.NEGATIVE_CONSUMPTION, Set.of());
        fields.put(QualityRule.ZERO_CONSUMPTION, Set.of("intervals"));
        fields.put(QualityRule.SUM_MISMATCH, Set.of("span", "tolerance", "minTolerance"));
        fields.put(QualityRule.CLOCK_SUSPECT, Set.of("flags"));
        fields.put(QualityRule.METER_FLAGGED, Set.of("flags"));
        return fields;
    }

    /** Reads one rule node, collecting problems instead of stopping at the first. */
    private static final class RuleReader {
        private final JsonNode node;
        private final int index;
        private final List<String> problems;
        private QualityRule rule;

        RuleReader(JsonNode node, int index, List<String> problems) {
            this.node = node;
            this.index = index;
            this.problems = problems;
        }

        String where(String field) {
            return "rule " + (rule == null ? "#" + index : "'" + rule + "' (#" + index + ")") + ", field '" + field + "': ";
        }

        QualityRule rule() {
            if (!node.isObject()) {
                problems.add("rule #" + index + ": must be a mapping of fields");
                return null;
            }
            final String name = node.path("rule").asText("");
            final List<QualityRule> known = Arrays.stream(QualityRule.values())
                    .filter(r -> r != QualityRule.LINEAR_INTERPOLATION).toList();
            rule = known.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
            if (rule == null) {
                problems.add(where("rule") + "required, one of " + known + (name.isEmpty() ? "" : "; got '" + name + "'"));
            }
            return rule;
        }

        void checkFields(Set<String> allowed) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                final String field = it.next();
                if (!field.equals("rule") && !allowed.contains(field)) {
                    problems.add(where(field) + "unknown field; known fields are " + new TreeSet<>(allowed));
                }
            }
        }

        int integer(String field, int fallback, int min, int max) {
            final JsonNode v = node.get(field);
            if (v == null) {
                return fallback;
            }
            if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
                problems.add(where(field) + "must be a whole number in " + min + ".." + max + ", got " + v);
                return fallback;
            }
            return v.asInt();
        }

        double number(String field, double fallback, double min, boolean inclusive) {
            final JsonNode v = node.get(field);
            if (v == null) {
                return fallback;
            }
            if (!v.isNumber() || (inclusive ? v.asDouble() < min : v.asDouble() <= min)) {
                problems.add(where(field) + "must be a number " + (inclusive ? ">= " : "> ") + min + ", got " + v);
                return fallback;
            }
            return v.asDouble();
        }

        double fraction(String field, double fallback) {
            final double value = number(field, fallback, 0, true);
            if (value > 1) {
                problems.add(where(field) + "must be a fraction in 0..1, got " + value);
            }
            return value;
        }

        Set<IntervalFlag> flags(Set<IntervalFlag> fallback) {
            final JsonNode v = node.get("flags");
            if (v == null) {
                return fallback;
            }
            if (!v.isArray() || v.isEmpty()) {
                problems.add(where("flags") + "must be a non-empty list of " + Arrays.toString(IntervalFlag.values()));
                return fallback;
            }
            final Set<IntervalFlag> flags = EnumSet.noneOf(IntervalFlag.class);
            for (JsonNode flag : v) {
                final String name = flag.asText();
                final IntervalFlag parsed = Arrays.stream(IntervalFlag.values()).filter(f -> f.name().equals(name))
                        .findFirst().orElse(null);
                if (parsed == null) {
                    problems.add(where("flags") + "'" + name + "' is not one of " + Arrays.toString(IntervalFlag.values()));
                } else {
                    flags.add(parsed);
                }
            }
            return flags;
        }
    }
}
