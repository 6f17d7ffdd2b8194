package io.meterflow.streams.metrics;

import io.meterflow.schema.AlertState;
import io.meterflow.schema.BackfillReason;
import io.meterflow.schema.BackfillResult;
import io.meterflow.schema.IntervalQuality;
import io.meterflow.schema.QualityRule;
import io.meterflow.schema.Severity;

import java.util.List;

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

    /** The ledger sent a re-read request. */
    default void backfillRequested(BackfillReason reason, int attempt) {
    }

    /** The source answered a request; {@code current} false when the answer was stale or repeated (ignored). */
    default void backfillOutcome(BackfillResult result, boolean current) {
    }

    /** A version of a row was written to meter-intervals-validated, with the rules it broke. */
    default void validated(IntervalQuality quality, List<QualityRule> rules) {
    }

    /**
     * One task's ledger totals at its latest punctuation: rows received or estimated, and rows expected, over every
     * meter-day it keeps. The fleet ratio is the sum over tasks.
     */
    default void completeness(String task, long covered, long expected) {
    }

    TopologyMetrics NONE = new TopologyMetrics() {
        @Override
        public void irregular(Irregular kind) {
        }

        @Override
        public void transition(String rule, AlertState state, Severity severity) {
        }
    };
}
