package io.meterflow.streams.rates;

import io.meterflow.schema.Rate;
import io.meterflow.schema.RateKind;

/**
 * Turns two consecutive values of one cumulative register into a {@link Rate}, telling apart normal growth,
 * rollover at the register modulus, and a reset or meter exchange (any other drop).
 */
public final class RateCalculator {

    private static final double MS_PER_HOUR = 3_600_000.0;

    private final double modulus;
    private final double band;

    /**
     * @param modulus value at which registers wrap (0 = they never wrap)
     * @param band    fraction of the modulus: a drop from its top band into its bottom band is a rollover
     */
    public RateCalculator(double modulus, double band) {
        this.modulus = modulus;
        this.band = band;
    }

    /** What a new register value means relative to the previous one. */
    public sealed interface Outcome {
    }

    /** The new value is newer than the previous one: a rate. */
    public record NewRate(Rate rate) implements Outcome {
    }

    /** Same time as the previous value: a repeat, not a new rate. */
    public record Duplicate() implements Outcome {
    }

    /** Older than the previous value: arrived out of order, not a new rate. */
    public record OutOfOrder() implements Outcome {
    }

    public Outcome next(String meterId, String obis, RegisterPoint previous, RegisterPoint current) {
        if (current.time() == previous.time()) {
            return new Duplicate();
        }
        if (current.time() < previous.time()) {
            return new OutOfOrder();
        }
        final double raw = current.value() - previous.value();
        final RateKind kind;
        final double delta;
        if (raw >= 0) {
            kind = RateKind.NORMAL;
            delta = raw;
        } else if (isRollover(previous.value(), current.value())) {
            kind = RateKind.ROLLOVER;
            delta = modulus - previous.value() + current.value();
        } else {
            // A reset or meter exchange: what was consumed across it cannot be known, so no consumption is claimed.
            kind = RateKind.RESET;
            delta = 0.0;
        }
        final double hours = (current.time() - previous.time()) / MS_PER_HOUR;
        final String unit = current.unit() != null ? current.unit() : previous.unit();
        return new NewRate(new Rate(meterId, obis, previous.time(), current.time(), delta, unit, delta / hours,
                RateUnits.rateUnit(unit), kind));
    }

    private boolean isRollover(double previous, double current) {
        return modulus > 0 && previous >= modulus * (1 - band) && current >= 0 && current <= modulus * band;
    }
}
