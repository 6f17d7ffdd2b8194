package io.meterflow.streams.intervals;

import io.meterflow.schema.BackfillOutcome;
import io.meterflow.schema.Interval;

/** What the interval-quality processor reads, from its two input topics (all keyed by meterId). */
public sealed interface IntervalInput {

    /** A load-profile row from meter-intervals. */
    record Row(Interval interval) implements IntervalInput {
    }

    /** The source's answer to a re-read request, from meter-backfill-outcomes. */
    record Outcome(BackfillOutcome outcome) implements IntervalInput {
    }
}
