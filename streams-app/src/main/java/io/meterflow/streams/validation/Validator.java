package io.meterflow.streams.validation;

import io.meterflow.schema.IntervalFlag;
import io.meterflow.schema.QualityReason;
import io.meterflow.schema.QualityRule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges one real row against the rules, the meter's recent rows and its register readings. Consumption of a row is
 * the register's growth since the row one capture period earlier; without that row a consumption rule has no verdict
 * (a late neighbour arriving later may give it one: the processor judges the rows after it again).
 */
public final class Validator {

    private final ValidationRules rules;

    public Validator(ValidationRules rules) {
        this.rules = rules;
    }

    public ValidationRules rules() {
        return rules;
    }

    public Verdict judge(long t, List<IntervalFlag> flags, ConsumptionHistory history, RegisterSamples samples,
                         long periodMs) {
        final List<QualityReason> reasons = new ArrayList<>();
        final double consumption = history.consumption(t, periodMs);
        if (rules.spike() != null) {
            spike(t, consumption, history, periodMs, reasons);
        }
        if (rules.negative() && consumption < 0) {
            reasons.add(new QualityReason(QualityRule.NEGATIVE_CONSUMPTION, "register " + rules.register()
                    + " went down by " + number(-consumption) + " since the row at " + Instant.ofEpochMilli(t - periodMs)));
        }
        if (rules.zero() != null) {
            zero(t, history, samples, periodMs, reasons);
        }
        if (rules.sum() != null) {
            sum(t, history, samples, periodMs, reasons);
        }
        flagged(QualityRule.CLOCK_SUSPECT, rules.clockFlags(), flags, "captured while the meter clock was off", reasons);
        flagged(QualityRule.METER_FLAGGED, rules.meterFlags(), flags, "marked by the meter", reasons);
        return Verdict.of(reasons);
    }

    private void spike(long t, double consumption, ConsumptionHistory history, long periodMs, List<QualityReason> reasons) {
        final ValidationRules.Spike spike = rules.spike();
        if (!(consumption > 0)) {
            return;
        }
        final double[] recent = new double[spike.window()];
        int known = 0;
        for (int k = 1; k <= spike.window(); k++) {
            final double c = history.consumption(t - k * periodMs, periodMs);
            if (!Double.isNaN(c)) {
                recent[known++] = c;
            }
        }
        if (known < spike.minIntervals()) {
            return;
        }
        final double[] sorted = Arrays.copyOf(recent, known);
        Arrays.sort(sorted);
        final double median = known % 2 == 1 ? sorted[known / 2] : (sorted[known / 2 - 1] + sorted[known / 2]) / 2;
        // A median of zero (an idle meter) makes any use a "spike": no verdict then.
        if (median > 0 && consumption > spike.factor() * median) {
            reasons.add(new QualityReason(QualityRule.SPIKE, "consumption " + number(consumption) + " is above "
                    + number(spike.factor()) + " x the median " + number(median) + " of the " + known + " intervals before"));
        }
    }

    private void zero(long t, ConsumptionHistory history, RegisterSamples samples, long periodMs,
                      List<QualityReason> reasons) {
        final int n = rules.zero().intervals();
        for (int k = 0; k < n; k++) {
            if (history.consumption(t - k * periodMs, periodMs) != 0) {
                return;
            }
        }
        final long spanStart = t - n * periodMs;
        final Map.Entry<Long, Double> first = samples.atOrAfter(spanStart);
        final Map.Entry<Long, Double> last = samples.atOrBefore(t);
        if (first == null || last == null || last.getKey() <= first.getKey()) {
            return;
        }
        final double growth = last.getValue() - first.getValue();
        if (growth > 0) {
            reasons.add(new QualityReason(QualityRule.ZERO_CONSUMPTION, "no consumption in the " + n
                    + " intervals up to " + Instant.ofEpochMilli(t) + " while register " + rules.register()
                    + " grew by " + number(growth) + " between readings at " + Instant.ofEpochMilli(first.getKey())
                    + " and " + Instant.ofEpochMilli(last.getKey())));
        }
    }

    /** The register is cumulative, so readings around the span's ends bound the growth the profile may show. */
    private void sum(long t, ConsumptionHistory history, RegisterSamples samples, long periodMs,
                     List<QualityReason> reasons) {
        final ValidationRules.SumCheck sum = rules.sum();
        final long start = t - sum.span() * periodMs;
        final double profile = history.value(t) - history.value(start);
        if (Double.isNaN(profile)) {
            return;
        }
        final double tolerance = Math.max(sum.minTolerance(), sum.tolerance() * Math.abs(profile));
        final Map.Entry<Long, Double> endBefore = samples.atOrBefore(t);
        final Map.Entry<Long, Double> endAfter = samples.atOrAfter(t);
        final Map.Entry<Long, Double> startBefore = samples.atOrBefore(start);
        final Map.Entry<Long, Double> startAfter = samples.atOrAfter(start);
        if (endBefore != null && startAfter != null && startAfter.getKey() <= endBefore.getKey()) {
            final double atLeast = endBefore.getValue() - startAfter.getValue();
            if (profile < atLeast - tolerance) {
                reasons.add(sumReason(profile, "at least", atLeast, start, t));
                return;
            }
        }
        if (endAfter != null && startBefore != null) {
            final double atMost = endAfter.getValue() - startBefore.getValue();
            if (profile > atMost + tolerance) {
                reasons.add(sumReason(profile, "at most", atMost, start, t));
            }
        }
    }

    private QualityReason sumReason(double profile, String bound, double register, long start, long t) {
        return new QualityReason(QualityRule.SUM_MISMATCH, "profile grew by " + number(profile) + " from "
                + Instant.ofEpochMilli(start) + " to " + Instant.ofEpochMilli(t) + " but register " + rules.register()
                + " readings say " + bound + " " + number(register));
    }

    private static void flagged(QualityRule rule, java.util.Set<IntervalFlag> watched, List<IntervalFlag> flags,
                                String what, List<QualityReason> reasons) {
        final List<IntervalFlag> hit = flags.stream().filter(watched::contains).toList();
        if (!hit.isEmpty()) {
            reasons.add(new QualityReason(rule, what + ": " + hit));
        }
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.3f", value).replaceAll("\\.?0+$", "");
    }
}
