package io.meterflow.streams.estimation;

import io.meterflow.schema.MeterValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Estimates for the capture times between two real rows: every register both rows carry (by OBIS), linearly
 * interpolated in time. For a cumulative register this spreads the consumption of the gap evenly over its intervals,
 * so the sum over the gap stays exactly what the meter measured.
 */
public final class LinearInterpolation {

    private LinearInterpolation() {
    }

    /**
     * @param before the real row's time and values before the gap
     * @param after  the real row's time and values after it
     * @param at     a capture time strictly between them
     */
    public static List<MeterValue> between(long before, List<MeterValue> beforeValues, long after,
                                           List<MeterValue> afterValues, long at) {
        if (at <= before || at >= after) {
            throw new IllegalArgumentException("capture time " + at + " is not inside " + before + ".." + after);
        }
        final Map<String, MeterValue> end = afterValues.stream()
                .collect(Collectors.toMap(MeterValue::obis, Function.identity(), (a, b) -> a));
        final double share = (double) (at - before) / (after - before);
        final List<MeterValue> values = new ArrayList<>();
        for (MeterValue start : beforeValues) {
            final MeterValue stop = end.get(start.obis());
            if (stop != null) {
                values.add(new MeterValue(start.obis(), start.value() + (stop.value() - start.value()) * share,
                        start.unit()));
            }
        }
        return values;
    }
}
