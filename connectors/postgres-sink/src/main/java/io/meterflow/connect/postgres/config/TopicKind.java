package io.meterflow.connect.postgres.config;

import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.schema.topic.Topic;

/** The kinds of records the sink writes, each with the design topic that carries it. */
public enum TopicKind {
    READINGS(MeterFlowTopics.READINGS, "meter readings (latest per meter and history)", true),
    INTERVALS(MeterFlowTopics.INTERVALS, "load-profile intervals (history)", false),
    RATES(MeterFlowTopics.RATES, "register rates (latest per meter and register, and history)", true),
    CLOCK_DRIFT(MeterFlowTopics.CLOCK_DRIFT, "clock drift samples (latest per meter and history)", true),
    ERROR_STATS(MeterFlowTopics.ERROR_STATS, "windowed error statistics (latest per meter and window, and history)",
            true),
    ALERTS(MeterFlowTopics.ALERTS, "alert transitions (current alerts and history)", true),
    CLOCK_SYNC(MeterFlowTopics.CLOCK_SYNC, "clock synchronisation attempts of the DLMS source (history)", false),
    ALERT_COMMAND_RESULTS(MeterFlowTopics.ALERT_COMMAND_RESULTS,
            "alert command results (the action log and the workflow state of current alerts)", true),
    INTERVALS_VALIDATED(MeterFlowTopics.INTERVALS_VALIDATED,
            "validated load-profile intervals and estimates (highest version per meter and capture time, and every "
                    + "version)", false),
    COMPLETENESS(MeterFlowTopics.COMPLETENESS, "the completeness ledger (latest per meter and UTC day)", false),
    BACKFILL_REQUESTS(MeterFlowTopics.BACKFILL_REQUESTS,
            "re-reads of missing load-profile ranges (latest attempt per range)", false),
    BACKFILL_OUTCOMES(MeterFlowTopics.BACKFILL_OUTCOMES,
            "outcomes of the re-reads (latest outcome per range)", false);

    private final Topic<?> topic;
    private final String description;
    private final boolean feedsMeterDocument;

    TopicKind(Topic<?> topic, String description, boolean feedsMeterDocument) {
        this.topic = topic;
        this.description = description;
        this.feedsMeterDocument = feedsMeterDocument;
    }

    /**
     * Whether writing this kind may rebuild a meter's detail document (schemas V3 triggers), so that its writers
     * take the per-meter lock.
     */
    public boolean feedsMeterDocument() {
        return feedsMeterDocument;
    }

    /** The topic in the registry: its value type and JSON Schema. */
    public Topic<?> topic() {
        return topic;
    }

    String description() {
        return description;
    }
}
