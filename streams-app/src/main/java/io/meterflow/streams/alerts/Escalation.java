package io.meterflow.streams.alerts;

import java.time.Duration;

/**
 * When a FIRING alert that stays bad becomes CRITICAL without passing the rule's {@code critical} threshold:
 * never, after it has been bad for a duration while FIRING, or after a number of further bad windows while FIRING
 * (windowed metrics only, where each evaluation is one closed window). Per-reading evaluations are never counted:
 * how many readings a meter sends says nothing about how serious its condition is.
 *
 * @param after   event time the alert must stay bad while FIRING, or null
 * @param windows further consecutive bad windows while FIRING, or 0
 */
public record Escalation(Duration after, int windows) {

    public static final Escalation NEVER = new Escalation(null, 0);

    /** The default for rules without a {@code critical} threshold: per window for windowed metrics. */
    static final int DEFAULT_WINDOWS = 3;
    /** The default for rules of per-reading and wall-clock metrics without a {@code critical} threshold. */
    static final Duration DEFAULT_AFTER = Duration.ofMinutes(30);

    public Escalation {
        if (after != null && (after.isNegative() || after.isZero())) {
            throw new IllegalArgumentException("escalation duration must be positive, got " + after);
        }
        if (windows < 0 || (after != null && windows > 0)) {
            throw new IllegalArgumentException("escalation by duration or by windows, not both: " + after + ", " + windows);
        }
    }

    public static Escalation afterDuration(Duration after) {
        return new Escalation(after, 0);
    }

    public static Escalation afterWindows(int windows) {
        if (windows < 1) {
            throw new IllegalArgumentException("escalation after " + windows + " windows");
        }
        return new Escalation(null, windows);
    }

    /** What a rule without {@code escalateAfter} gets: never when it has a critical threshold of its own. */
    static Escalation defaultFor(Metric metric, boolean hasCritical) {
        if (hasCritical) {
            return NEVER;
        }
        return metric.windowed() ? afterWindows(DEFAULT_WINDOWS) : afterDuration(DEFAULT_AFTER);
    }

    public boolean never() {
        return after == null && windows == 0;
    }

    /** Whether a FIRING alert in status {@code s} (after its latest bad evaluation at {@code at}) is due to escalate. */
    boolean due(AlertStatus s, long at) {
        if (after != null) {
            return s.firingBadSince() != null && at - s.firingBadSince() >= after.toMillis();
        }
        return windows > 0 && s.badSinceFiring() >= windows;
    }

    /** For messages: "after PT30M bad while firing". */
    String describe() {
        if (after != null) {
            return "bad for " + after + " while firing";
        }
        return windows > 0 ? windows + " more bad windows while firing" : "never";
    }

    /** The value as written in the rules file. */
    @Override
    public String toString() {
        return after != null ? after.toString() : windows > 0 ? Integer.toString(windows) : "never";
    }
}
