package io.meterflow.streams.metrics;

import io.meterflow.schema.AlertState;
import io.meterflow.schema.Severity;

/** What the topology counts beside Kafka Streams' own metrics. Implementations must be thread-safe. */
public interface TopologyMetrics {

    /** Readings that did not become normal input. */
    enum Irregular {
        /** Too old for a window that is already closed (or older than the late horizon of its meter). */
        LATE,
        /** A register value older than the last one of its meter: no rate. */
        OUT_OF_ORDER,
        /** A repeated reading (same meter and collectedAt) or register value (same time): dropped. */
        DUPLICATE
    }

    void irregular(Irregular kind);

    void transition(String rule, AlertState state, Severity severity);

    TopologyMetrics NONE = new TopologyMetrics() {
        @Override
        public void irregular(Irregular kind) {
        }

        @Override
        public void transition(String rule, AlertState state, Severity severity) {
        }
    };
}
