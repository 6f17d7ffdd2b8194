package io.meterflow.simulator;

import io.meterflow.schema.IntervalFlag;
import io.meterflow.simulator.dlms.cosem.DateTimes;
import io.meterflow.simulator.dlms.cosem.LoadProfileObject;
import io.meterflow.simulator.dlms.cosem.RegisterObject;
import io.meterflow.simulator.physics.MeterPhysics;
import io.meterflow.simulator.scenario.Scenario;
import org.junit.jupiter.api.Test;
import org.openmuc.jdlms.datatypes.DataObject;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulated load profile's status column and its strictness about the meter's clock. */
class LoadProfileStatusTest {

    /** 2026-07-01T00:00:00Z: summer time in Europe/Amsterdam. */
    private static final long SUMMER = 1_782_864_000_000L;
    private static final long PERIOD = 60_000;

    private final AtomicLong now = new AtomicLong(SUMMER + 30 * PERIOD + 1_000);

    @Test
    void rowsInAnOutageArePowerDownAndSummerRowsAreDaylightSaving() throws Exception {
        final LoadProfileObject profile = profile("""
                {silences: [{after: PT10M, duration: PT3M}], timeZone: Europe/Amsterdam}""");

        final List<Row> rows = rows(profile);

        assertThat(rows).allSatisfy(r -> assertThat(r.flags()).contains(IntervalFlag.DAYLIGHT_SAVING));
        assertThat(rows).filteredOn(r -> r.flags().contains(IntervalFlag.POWER_DOWN)).extracting(Row::capture)
                .containsExactly(SUMMER + 10 * PERIOD, SUMMER + 11 * PERIOD, SUMMER + 12 * PERIOD,
                        SUMMER + 13 * PERIOD);
    }

    @Test
    void theFirstRowAfterTheClockWasSetIsClockAdjusted() throws Exception {
        final LoadProfileObject profile = profile("{clockOffset: -PT90S}");
        physics.clock().set(SUMMER + 20 * PERIOD + 5_000, SUMMER + 20 * PERIOD + 5_000);

        final List<Row> rows = rows(profile);

        assertThat(rows).filteredOn(r -> r.flags().contains(IntervalFlag.CLOCK_ADJUSTED)).extracting(Row::capture)
                .containsExactly(SUMMER + 21 * PERIOD);
        assertThat(rows).noneMatch(r -> r.flags().contains(IntervalFlag.DAYLIGHT_SAVING));
    }

    @Test
    void aMeterBehindHoldsNoRowBeyondItsOwnClock() throws Exception {
        final LoadProfileObject profile = profile("{clockOffset: -PT10M}");

        final List<Row> rows = rows(profile);

        assertThat(rows.get(rows.size() - 1).capture()).isEqualTo(SUMMER + 20 * PERIOD);
    }

    /** The physics of the profile built last. */
    private MeterPhysics physics;

    private LoadProfileObject profile(String behaviour) {
        final Scenario scenario = Scenario.parse("""
                seed: 1
                groups:
                  - {idPrefix: m-, count: 1, protocol: DLMS, behaviour: %s}
                """.formatted(behaviour), "test");
        physics = new MeterPhysics(scenario.meters().get(0).behaviour(), 1, SUMMER);
        final RegisterObject energy = new RegisterObject("1.0.1.8.0.255", 0, RegisterObject.UNIT_WH, true,
                physics::importWh, now::get);
        return new LoadProfileObject(physics, now::get, Duration.ofMillis(PERIOD), 1_000, List.of(energy));
    }

    private static List<Row> rows(LoadProfileObject profile) throws Exception {
        final List<DataObject> buffer = profile.getBuffer(null).getValue();
        return buffer.stream().map(r -> {
            final List<DataObject> cells = r.getValue();
            return new Row(DateTimes.decode(cells.get(0)), IntervalFlag.decode(cells.get(1).<Number>getValue().intValue()));
        }).filter(r -> r.capture() >= SUMMER).toList();
    }

    private record Row(long capture, List<IntervalFlag> flags) {
    }
}
