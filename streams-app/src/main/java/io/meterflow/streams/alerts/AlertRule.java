package io.meterflow.streams.alerts;

import io.meterflow.schema.Severity;

import java.time.Duration;

/**
 * One alert rule from the rules file.
 *
 * @param above             true: bad when value &gt; threshold; false: bad when value &lt; threshold
 * @param critical          value beyond which the alert is CRITICAL at once, or null
 * @param forDuration       how long the condition must hold (an uninterrupted stretch of bad evaluations) before FIRING
 * @param healthyAfter      how long it must be healthy before a PENDING or FIRING alert is RESOLVED
 * @param escalateAfter     when a FIRING alert that stays bad becomes CRITICAL without passing {@code critical}
 * @param noDataAfter       wall-clock time without evaluations after which an active alert goes to NO_DATA, or null
 * @param window            window size of windowed metrics, or null for the first configured size
 */
public record AlertRule(
        String name,
        Metric metric,
        boolean above,
        double threshold,
        Double critical,
        Duration forDuration,
        Duration healthyAfter,
        Severity severity,
        Escalation escalateAfter,
        Duration noDataAfter,
        Duration window) {

    public boolean isBad(double value) {
        return above ? value > threshold : value < threshold;
    }

    public boolean isCritical(double value) {
        return critical != null && (above ? value > critical : value < critical);
    }

    public boolean appliesTo(Evaluation evaluation, long defaultWindowMs) {
        if (evaluation.metric() != metric) {
            return false;
        }
        if (!metric.windowed()) {
            return true;
        }
        final long wanted = window == null ? defaultWindowMs : window.toMillis();
        return evaluation.windowSizeMs() == wanted;
    }

    public String describe(double value) {
        return String.format(java.util.Locale.ROOT, "%s %s %s %s", metric.wireName(), format(value),
                above ? "above" : "below", format(threshold));
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
