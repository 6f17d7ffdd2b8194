package io.meterflow.connect.dlms;

import io.meterflow.simulator.dlms.DlmsFleet;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Settings that poll a simulated fleet as inline meters: a connector's, or a task's with every meter assigned to it. */
final class InlineFleet {

    private InlineFleet() {
    }

    /**
     * A connector config polling the fleet as inline meters every 0.5 s, its load profile on each cycle, into
     * {@code <prefix>-readings} and {@code <prefix>-intervals}; callers add what they test.
     */
    static Map<String, String> connectorConfig(DlmsFleet fleet, String prefix, Map<String, String> extra) {
        final Map<String, String> config = new HashMap<>();
        config.put("connector.class", DlmsSourceConnector.class.getName());
        config.put("meters", fleet.endpoints().stream().map(e -> e.meterId() + "@" + e.host() + ":" + e.port())
                .collect(Collectors.joining(",")));
        config.put("poll.interval.ms", "500");
        config.put("profile.read.interval.ms", "0");
        config.put("profile.initial.lookback.ms", "10000");
        config.put("readings.topic", prefix + "-readings");
        config.put("intervals.topic", prefix + "-intervals");
        config.put("value.converter", DlmsSourceConnector.VALUE_CONVERTER);
        config.putAll(extra);
        return config;
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
