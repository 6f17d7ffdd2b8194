package io.meterflow.simulator;

import io.meterflow.simulator.physics.MeterPhysics;
import io.meterflow.simulator.scenario.Behaviour;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MeterPhysicsTest {

    private static final long START = 1_763_800_000_000L;
    private static final long HOUR = 3_600_000L;

    @Test
    void energyOnlyGrowsAndAveragesTheBasePowerOverADay() {
        final MeterPhysics meter = new MeterPhysics(Behaviour.DEFAULT, 11, START);
        double last = meter.importWh(START);
        for (long t = START; t <= START + 24 * HOUR; t += 15 * 60_000) {
            assertThat(meter.importWh(t)).isGreaterThanOrEqualTo(last);
            last = meter.importWh(t);
        }
        final double dayWh = meter.importWh(START + 24 * HOUR) - meter.importWh(START);
        assertThat(dayWh).isCloseTo(1_500.0 * 24, within(1.0));
    }

    @Test
    void counterResetDropsEnergyToZeroThenItGrowsAgain() {
        final Behaviour resetting = new Behaviour(null, null, null, null, Duration.ofMinutes(30), null, null, null,
                null, null, null, null, null).withDefaults();
        final MeterPhysics meter = new MeterPhysics(resetting, 3, START);

        assertThat(meter.importWh(START + 29 * 60_000)).isGreaterThan(1_000_000);
        assertThat(meter.importWh(START + 30 * 60_000)).isCloseTo(0.0, within(0.001));
        assertThat(meter.importWh(START + 90 * 60_000)).isGreaterThan(0).isLessThan(1_500 * 1.6);
    }

    @Test
    void clockDriftAccumulatesFromTheOffset() {
        final Behaviour drifting = new Behaviour(null, null, Duration.ofSeconds(15), 100.0, null, null, null, null,
                null, null, null, null, null).withDefaults();
        final MeterPhysics meter = new MeterPhysics(drifting, 5, START);

        assertThat(meter.meterTime(START) - START).isEqualTo(15_000);
        assertThat(meter.meterTime(START + 24 * HOUR) - (START + 24 * HOUR)).isEqualTo(15_000 + 8_640);
        assertThat(meter.trueTime(meter.meterTime(START + 7 * HOUR))).isCloseTo(START + 7 * HOUR, within(1L));
    }

    @Test
    void currentTimesVoltageIsPower() {
        final MeterPhysics meter = new MeterPhysics(Behaviour.DEFAULT, 9, START);
        final long t = START + 5 * HOUR;
        assertThat(meter.currentA(t) * meter.voltageV(t)).isCloseTo(meter.powerW(t), within(1e-6));
    }
}
