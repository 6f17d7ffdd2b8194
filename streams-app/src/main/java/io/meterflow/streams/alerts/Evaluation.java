package io.meterflow.streams.alerts;

/**
 * One measurement an alert rule can judge: a metric's value for a meter (or the fleet, {@code *}) at a time.
 *
 * @param windowSizeMs size of the window the value comes from, 0 for metrics that are not windowed
 */
public record Evaluation(String meterId, Metric metric, long at, double value, long windowSizeMs) {

    public static Evaluation of(String meterId, Metric metric, long at, double value) {
        return new Evaluation(meterId, metric, at, value, 0);
    }
}
