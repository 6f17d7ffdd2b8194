package io.meterflow.streams.meter;

import io.meterflow.schema.ClockDrift;
import io.meterflow.schema.Rate;
import io.meterflow.schema.Reading;
import io.meterflow.streams.alerts.Evaluation;

/** What the per-meter processor derives from one reading; the topology splits the kinds apart. */
public sealed interface MeterOutput {

    /** An accepted (not duplicate, not late) reading, for the error-stats windows. */
    record Accepted(Reading reading) implements MeterOutput {
    }

    record RateOut(Rate rate) implements MeterOutput {
    }

    record DriftOut(ClockDrift drift) implements MeterOutput {
    }

    record EvaluationOut(Evaluation evaluation) implements MeterOutput {
    }
}
