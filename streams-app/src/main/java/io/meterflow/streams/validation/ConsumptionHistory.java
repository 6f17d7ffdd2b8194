package io.meterflow.streams.validation;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A meter's recent real rows as validation needs them: the validated register's value per capture time and the rules
 * the row's current version broke (a bit per {@link io.meterflow.schema.QualityRule} ordinal). Bounded to the rules'
 * look-back behind the newest row. Mutable, owned by the processor's store value.
 */
public final class ConsumptionHistory {

    /** A row's register value (NaN when the row lacks the register) and the rules its current version broke. */
    public record Mark(double value, int rules) {
    }

    final TreeMap<Long, Mark> rows;

    ConsumptionHistory(TreeMap<Long, Mark> rows) {
        this.rows = rows;
    }

    public static ConsumptionHistory empty() {
        return new ConsumptionHistory(new TreeMap<>());
    }

    public void put(long capturedAt, Mark mark, int lookBack, long periodMs) {
        rows.put(capturedAt, mark);
        rows.headMap(rows.lastKey() - (long) lookBack * periodMs).clear();
    }

    public Mark at(long capturedAt) {
        return rows.get(capturedAt);
    }

    /** Register value of the row at {@code t}, NaN when there is none. */
    double value(long t) {
        final Mark mark = rows.get(t);
        return mark == null ? Double.NaN : mark.value();
    }

    /** Consumption of the interval ending at {@code t}: the register's growth since the row one period before. */
    double consumption(long t, long periodMs) {
        return value(t) - value(t - periodMs);
    }

    /** Rows captured after {@code t} within the history, ascending (those whose verdict a late row may change). */
    public NavigableMap<Long, Mark> after(long t) {
        return rows.tailMap(t, false);
    }

    public Map<Long, Mark> view() {
        return java.util.Collections.unmodifiableMap(rows);
    }
}
