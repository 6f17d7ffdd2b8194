package io.meterflow.streams.meter;

import io.meterflow.schema.ClockDrift;
import io.meterflow.schema.Rate;
import io.meterflow.schema.ErrorStats;
import io.meterflow.streams.alerts.Evaluation;
import io.meterflow.streams.alerts.WindowEvaluations;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.util.List;
import java.util.function.Function;

/**
 * What the per-meter processor derives from one reading. The processor forwards each kind straight to the topology
 * node named for it ({@code *_NODE}), so no split node tests every output for its kind on the way to its sink.
 */
public sealed interface MeterOutput {

    /** The sink of meter-rates, fed {@link RateOut}s. */
    String RATES_NODE = "rates-sink";
    /** The sink of meter-clock-drift, fed {@link DriftOut}s. */
    String DRIFT_NODE = "drift-sink";
    /** The meters' alert processor, fed {@link EvaluationOut}s and {@link WindowStats} (see {@link #evaluations}). */
    String METER_ALERTS_NODE = "meter-alerts";
    /** Unwraps {@link WindowStats} for meter-error-stats and the fleet roll-up. */
    String WINDOW_STATS_NODE = "window-stats";

    /** The alert evaluations an output brings: its own, or those of a closed window. */
    static List<Evaluation> evaluations(MeterOutput output) {
        if (output instanceof EvaluationOut evaluation) {
            return List.of(evaluation.evaluation());
        }
        if (output instanceof WindowStats window) {
            return WindowEvaluations.of(window.stats());
        }
        return List.of();
    }

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
