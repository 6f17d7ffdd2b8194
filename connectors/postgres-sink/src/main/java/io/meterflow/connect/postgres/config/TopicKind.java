package io.meterflow.connect.postgres.config;

import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.schema.topic.Topic;

/** The kinds of records the sink writes, each with the design topic that carries it. */
public enum TopicKind {
    READINGS(MeterFlowTopics.READINGS, "meter readings (latest per meter and history)"),
    INTERVALS(MeterFlowTopics.INTERVALS, "load-profile intervals (history)"),
    RATES(MeterFlowTopics.RATES, "register rates (latest per meter and register, and history)"),
    CLOCK_DRIFT(MeterFlowTopics.CLOCK_DRIFT, "clock drift samples (latest per meter and history)"),
    ERROR_STATS(MeterFlowTopics.ERROR_STATS, "windowed error statistics (latest per meter and window, and history)"),
    ALERTS(MeterFlowTopics.ALERTS, "alert transitions (current alerts and history)"),
    CLOCK_SYNC(MeterFlowTopics.CLOCK_SYNC, "clock synchronisation attempts of the DLMS source (history)"),
    ALERT_COMMAND_RESULTS(MeterFlowTopics.ALERT_COMMAND_RESULTS,
            "alert command results (the action log and the workflow state of current alerts)");

    private final Topic<?> topic;
    private final String description;

    TopicKind(Topic<?> topic, String description) {
        this.topic = topic;
        this.description = description;
    }

    /** The topic in the registry: its value type and JSON Schema. */
    public Topic<?> topic() {
        return topic;
    }

    String description() {
        return description;
    }
}
