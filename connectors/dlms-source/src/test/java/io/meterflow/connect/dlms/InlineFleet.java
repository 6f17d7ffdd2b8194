package io.meterflow.connect.dlms;

import io.meterflow.simulator.dlms.DlmsFleet;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Task settings that poll a simulated fleet as inline meters, all assigned to the one task. */
final class InlineFleet {

    private InlineFleet() {
    }

    /** Inline meters, it-readings / it-intervals topics, every meter assigned; callers add what they test. */
    static Map<String, String> taskProps(DlmsFleet fleet) {
        final Map<String, String> props = new HashMap<>();
        props.put("meters", fleet.endpoints().stream().map(e -> e.meterId() + "@" + e.host() + ":" + e.port())
                .collect(Collectors.joining(",")));
        props.put("readings.topic", "it-readings");
        props.put("intervals.topic", "it-intervals");
        props.put("task.meter.ids", fleet.endpoints().stream().map(e -> e.meterId()).collect(Collectors.joining(",")));
        return props;
    }
}
