package io.meterflow.streams.intervals;

import io.meterflow.schema.BackfillOutcome;
import io.meterflow.schema.Interval;

/** What the interval-quality processor reads, from its three input topics (all keyed by meterId). */
public sealed interface IntervalInput {

    /** A load-profile row from meter-intervals. */
    record Row(Interval interval) implements IntervalInput {
    }

    /** The validated register as a reading of meter-readings reported it. */
    record RegisterReading(long time, double value) implements IntervalInput {
    }

    /** The source's answer to a re-read request, from meter-backfill-outcomes. */
    record Outcome(BackfillOutcome outcome) implements IntervalInput {
    }
}
