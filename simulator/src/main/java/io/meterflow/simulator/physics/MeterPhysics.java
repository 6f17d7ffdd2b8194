package io.meterflow.simulator.physics;

import io.meterflow.simulator.scenario.Behaviour;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * What a simulated meter measures at a given true time. Energy is a closed-form integral of the power
 * curve, so it only grows (until a configured reset) and any past load-profile row can be recomputed
 * exactly; instantaneous values carry seeded noise.
 *
 * <p>Power follows a daily shape: {@code base × (1 + 0.5·sin(2π·t/day + phase))}, so the mean is the base power.
 */
public final class MeterPhysics {

    private static final double DAY_MS = Duration.ofDays(1).toMillis();
    private static final double MS_PER_HOUR = 3_600_000.0;
    /** Nominal mains voltage (V) around which the simulated voltage varies. */
    private static final double NOMINAL_VOLTAGE = 230.0;
    private static final double EXPORT_SHARE = 0.05;

    private final Behaviour behaviour;
    private final long startMs;
    private final double phase;
    private final double initialImportWh;
    private final long seed;
    private final MeterClock clock;

    /**
     * @param startMs true time at which the simulation (and the scenario's relative times) starts
     */
    public MeterPhysics(Behaviour behaviour, long seed, long startMs) {
        this.behaviour = behaviour;
        this.startMs = startMs;
        this.seed = seed;
        final SplittableRandom random = new SplittableRandom(seed);
        this.phase = random.nextDouble(0, 2 * Math.PI);
        this.initialImportWh = random.nextDouble(1_000_000, 50_000_000);
        this.clock = new MeterClock(startMs, behaviour.clockOffset().toMillis(), behaviour.clockDriftPpm());
    }

    /** The meter's clock, which clients may set. */
    public MeterClock clock() {
        return clock;
    }

    public Behaviour behaviour() {
        return behaviour;
    }

    public long startMs() {
        return startMs;
    }

    /** The meter's own clock at true time {@code nowMs}: offset plus drift since start, plus any adjustment. */
    public long meterTime(long nowMs) {
        return clock.meterTime(nowMs);
    }

    /** The latest true time at which the meter's clock showed {@code meterMs} (inverse of {@link #meterTime}). */
    public long trueTime(long meterMs) {
        return clock.trueTime(meterMs, Long.MAX_VALUE - 1).orElseThrow();
    }

    /** Mean active power import at {@code nowMs} without noise, in W. */
    public double meanPowerW(long nowMs) {
        return behaviour.basePowerW() * (1 + 0.5 * Math.sin(2 * Math.PI * nowMs / DAY_MS + phase));
    }

    /** Instantaneous active power import (1.0.1.7.0.255) in W, with ±5 % seeded noise. */
    public double powerW(long nowMs) {
        return Math.max(0, meanPowerW(nowMs) * (1 + 0.05 * noise(nowMs, 1)));
    }

    /** Cumulative active energy import (1.0.1.8.0.255) in Wh. Drops to zero at the configured reset. */
    public double importWh(long nowMs) {
        final double total = initialImportWh + integralWh(startMs, nowMs);
        final Duration reset = behaviour.counterResetAfter();
        if (reset == null || nowMs < startMs + reset.toMillis()) {
            return total;
        }
        return total - (initialImportWh + integralWh(startMs, startMs + reset.toMillis()));
    }

    /** Cumulative active energy export (1.0.2.8.0.255) in Wh: a small constant feed-in. */
    public double exportWh(long nowMs) {
        final double exportW = behaviour.basePowerW() * EXPORT_SHARE;
        final double total = initialImportWh * EXPORT_SHARE + exportW * (nowMs - startMs) / MS_PER_HOUR;
        final Duration reset = behaviour.counterResetAfter();
        if (reset == null || nowMs < startMs + reset.toMillis()) {
            return total;
        }
        return exportW * (nowMs - startMs - reset.toMillis()) / MS_PER_HOUR;
    }

    /** Instantaneous voltage (1.0.32.7.0.255) in V. */
    public double voltageV(long nowMs) {
        return NOMINAL_VOLTAGE * (1 + 0.02 * noise(nowMs, 2));
    }

    /** Instantaneous current (1.0.31.7.0.255) in A, consistent with power and voltage. */
    public double currentA(long nowMs) {
        return powerW(nowMs) / voltageV(nowMs);
    }

    public boolean silentAt(long nowMs) {
        return behaviour.silentAt(Duration.ofMillis(Math.max(0, nowMs - startMs)));
    }

    /** Whether a silence (the simulator's power outage) overlaps the true-time period (fromMs, toMs]. */
    public boolean silentWithin(long fromMs, long toMs) {
        return behaviour.silences().stream().anyMatch(s -> {
            final long silenceFrom = startMs + s.after().toMillis();
            final long silenceTo = silenceFrom + s.duration().toMillis();
            return silenceFrom <= toMs && silenceTo > fromMs;
        });
    }

    /** ∫ meanPower dt from a to b, in Wh (closed form of the daily sine shape). */
    private double integralWh(long aMs, long bMs) {
        final double base = behaviour.basePowerW();
        final double k = 2 * Math.PI / DAY_MS;
        final double sineIntegral = (Math.cos(k * aMs + phase) - Math.cos(k * bMs + phase)) / k;
        return base * ((bMs - aMs) + 0.5 * sineIntegral) / MS_PER_HOUR;
    }

    /** Deterministic noise in [-1, 1] for a time (per second) and a channel. */
    private double noise(long nowMs, int channel) {
        return new SplittableRandom(seed ^ (nowMs / 1_000) * 0x9E3779B97F4A7C15L ^ channel).nextDouble(-1, 1);
    }
}
