package io.meterflow.streams.meter;

import io.meterflow.schema.ClockDrift;
import io.meterflow.schema.Rate;
import io.meterflow.schema.ErrorStats;
import io.meterflow.streams.alerts.Evaluation;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.util.function.Function;

/**
 * What the per-meter processor derives from one reading. The processor forwards each kind straight to the topology
 * node named for it ({@code *_NODE}): a split node and an unwrapping step per output cost a tenth of the stream thread.
 */
public sealed interface MeterOutput {

    /** The sink of meter-rates, fed {@link RateOut}s. */
    String RATES_NODE = "rates-sink";
    /** The sink of meter-clock-drift, fed {@link DriftOut}s. */
    String DRIFT_NODE = "drift-sink";
    /** Unwraps {@link EvaluationOut}s for the alert processor. */
    String EVALUATIONS_NODE = "reading-evaluations";
    /** Unwraps {@link WindowStats} for meter-error-stats, the fleet roll-up and the alert processor. */
    String WINDOW_STATS_NODE = "window-stats";

    /** Writes one kind of output as its topic's value, for a sink fed straight by the processor. */
    static <T extends MeterOutput, V> Serde<MeterOutput> writtenAs(Class<T> kind, Function<T, V> value, Serde<V> serde) {
        return Serdes.serdeFrom((topic, output) -> serde.serializer().serialize(topic, value.apply(kind.cast(output))),
                (topic, bytes) -> {
                    throw new UnsupportedOperationException("Outputs are written, never read back");
                });
    }

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
