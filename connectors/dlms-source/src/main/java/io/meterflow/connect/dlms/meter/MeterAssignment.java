package io.meterflow.connect.dlms.meter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spreads meters over tasks evenly and deterministically. The meters of one HDLC gateway (same host and port) stay
 * together in one task, since only one association at a time may go through a gateway and only a task can keep its
 * own meters in line; every other meter is a group of its own. Groups are dealt largest first, each to the task with
 * the fewest meters so far (the lowest-numbered of equals): without gateways that is round-robin over the meters
 * sorted by id, and the same inventory always gives the same assignment.
 */
public final class MeterAssignment {

    private MeterAssignment() {
    }

    /** At most {@code maxTasks} groups, none empty (one empty group when there are no meters). */
    public static List<List<MeterDefinition>> spread(List<MeterDefinition> meters, int maxTasks) {
        final List<List<MeterDefinition>> units = gatewayGroups(meters);
        final int tasks = Math.max(1, Math.min(maxTasks, units.size()));
        final List<List<MeterDefinition>> groups = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            groups.add(new ArrayList<>());
        }
        for (List<MeterDefinition> unit : units) {
            groups.get(smallest(groups)).addAll(unit);
        }
        return groups;
    }

    private static int smallest(List<List<MeterDefinition>> groups) {
        int smallest = 0;
        for (int i = 1; i < groups.size(); i++) {
            if (groups.get(i).size() < groups.get(smallest).size()) {
                smallest = i;
            }
        }
        return smallest;
    }

    /** The meters sorted by id and grouped by gateway, largest group first, then by their first meter id. */
    private static List<List<MeterDefinition>> gatewayGroups(List<MeterDefinition> meters) {
        final Map<String, List<MeterDefinition>> byGateway = new LinkedHashMap<>();
        meters.stream().sorted(Comparator.comparing(MeterDefinition::meterId)).forEach(m -> byGateway
                .computeIfAbsent(m.gateway().orElse("meter:" + m.meterId()), k -> new ArrayList<>()).add(m));
        return byGateway.values().stream()
                .sorted(Comparator.<List<MeterDefinition>>comparingInt(List::size).reversed()
                        .thenComparing(g -> g.get(0).meterId()))
                .toList();
    }
}
