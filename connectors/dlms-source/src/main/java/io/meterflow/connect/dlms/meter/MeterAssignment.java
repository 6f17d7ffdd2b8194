package io.meterflow.connect.dlms.meter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Spreads meters over tasks evenly and deterministically: sorted by meter id, dealt round-robin, so task sizes
 * differ by at most one and the same inventory always gives the same assignment.
 */
public final class MeterAssignment {

    private MeterAssignment() {
    }

    /** At most {@code maxTasks} groups, none empty (one empty group when there are no meters). */
    public static List<List<MeterDefinition>> spread(List<MeterDefinition> meters, int maxTasks) {
        final List<MeterDefinition> sorted = meters.stream().sorted(Comparator.comparing(MeterDefinition::meterId)).toList();
        final int tasks = Math.max(1, Math.min(maxTasks, sorted.size()));
        final List<List<MeterDefinition>> groups = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < sorted.size(); i++) {
            groups.get(i % tasks).add(sorted.get(i));
        }
        return groups;
    }
}
