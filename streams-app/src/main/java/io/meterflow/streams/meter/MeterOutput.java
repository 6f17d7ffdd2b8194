package io.meterflow.streams.meter;

import io.meterflow.schema.ClockDrift;
import io.meterflow.schema.Rate;
import io.meterflow.schema.ErrorStats;
import io.meterflow.streams.alerts.Evaluation;

/** What the per-meter processor derives from one reading; the topology splits the kinds apart. */
public sealed interface MeterOutput {

    /** A closed error-stats window of a meter (keyed by that meter, which need not be the reading's). */
    record WindowStats(ErrorStats stats) implements MeterOutput {
    }

    record RateOut(Rate rate) implements MeterOutput {
    }

    record DriftOut(ClockDrift drift) implements MeterOutput {
    }

    record EvaluationOut(Evaluation evaluation) implements MeterOutput {
    }
}
