package io.meterflow.simulator;

import io.meterflow.simulator.dlms.cosem.DateTimes;
import io.meterflow.simulator.dlms.cosem.LoadProfileObject;
import io.meterflow.simulator.dlms.cosem.RegisterObject;
import io.meterflow.simulator.physics.MeterPhysics;
import io.meterflow.simulator.scenario.Scenario;
import io.meterflow.simulator.scenario.ScenarioException;
import org.junit.jupiter.api.Test;
import org.openmuc.jdlms.SelectiveAccessDescription;
import org.openmuc.jdlms.datatypes.DataObject;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the simulated load profile loses rows (ring buffer, late captures, exchange) and answers both selectors. */
class ProfileBufferTest {

    private static final long START = 1_782_864_000_000L;
    private static final long PERIOD = 60_000;

    private final AtomicLong now = new AtomicLong(START + 30 * PERIOD + 1_000);

    @Test
    void theRangeSelectorReturnsExactlyTheCapturesWithinBothInclusiveBounds() throws Exception {
        final LoadProfileObject profile = profile("{}");
        assertThat(captures(profile.getBuffer(range(START + 10 * PERIOD, START + 13 * PERIOD))))
                .containsExactly(at(10), at(11), at(12), at(13));
        assertThat(captures(profile.getBuffer(range(START + 10 * PERIOD + 1_000, START + 13 * PERIOD - 1_000))))
                .containsExactly(at(11), at(12));
    }

    @Test
    void aShortRingBufferHoldsOnlyItsNewestEntriesAndSaysSo() throws Exception {
        final LoadProfileObject profile = profile("{profile: {entries: 5}}");
        assertThat(captures(profile.getBuffer(null))).containsExactly(at(26), at(27), at(28), at(29), at(30));
        assertThat(profile.getEntriesInUse().<Number>getValue().longValue()).isEqualTo(5);
        assertThat(profile.getProfileEntries().<Number>getValue().longValue()).isEqualTo(5);
        assertThat(captures(profile.getBuffer(range(START, START + 27 * PERIOD)))).containsExactly(at(26), at(27));
    }

    @Test
    void theEntrySelectorNumbersEntriesFromTheOldest() throws Exception {
        final LoadProfileObject profile = profile("{profile: {entries: 5}}");
        assertThat(captures(profile.getBuffer(entries(1, 1)))).containsExactly(at(26));
        assertThat(captures(profile.getBuffer(entries(4, 0)))).containsExactly(at(29), at(30));
        assertThat(captures(profile.getBuffer(entries(6, 9)))).isEmpty();
    }

    @Test
    void aLateCaptureIsMissingFromReadsUntilItsDelayPassedThenThere() throws Exception {
        final LoadProfileObject profile = profile("{profile: {lateRows: {every: 10, delay: PT3M}}}");
        // Row 30 (30 / 10 = whole) is due at minute 30 and written at minute 33.
        assertThat(captures(profile.getBuffer(range(START + 28 * PERIOD, START + 30 * PERIOD))))
                .containsExactly(at(28), at(29));
        now.addAndGet(2 * PERIOD);
        assertThat(captures(profile.getBuffer(range(START + 29 * PERIOD, START + 32 * PERIOD))))
                .containsExactly(at(29), at(31), at(32));
        now.addAndGet(PERIOD);
        assertThat(captures(profile.getBuffer(range(START + 29 * PERIOD, START + 32 * PERIOD))))
                .containsExactly(at(29), at(30), at(31), at(32));
    }

    @Test
    void anExchangedMeterHoldsNothingCapturedBeforeTheExchange() throws Exception {
        final LoadProfileObject profile = profile("{profile: {exchangedAfter: PT20M30S}}");
        assertThat(captures(profile.getBuffer(null))).first().isEqualTo(at(21));
        assertThat(captures(profile.getBuffer(entries(1, 1)))).containsExactly(at(21));
        assertThat(profile.getEntriesInUse().<Number>getValue().longValue()).isEqualTo(10);
        now.set(START + 20 * PERIOD);
        assertThat(captures(profile.getBuffer(null))).as("before the exchange").contains(at(0), at(19));
    }

    @Test
    void heldRowsAreWhatAWholeBufferReadReturns() throws Exception {
        final LoadProfileObject profile = profile("{profile: {entries: 4, lateRows: {every: 2, delay: PT10M}}}");
        final List<DataObject> rows = profile.getBuffer(null).getValue();
        assertThat(profile.heldRows().keySet()).containsExactlyElementsOf(captures(profile.getBuffer(null)));
        final List<DataObject> first = rows.get(0).getValue();
        assertThat(profile.heldRows().values().iterator().next())
                .containsExactly(first.get(2).<Number>getValue().longValue());
    }

    @Test
    void invalidProfileSettingsAreRejectedNamingTheSetting() {
        assertThatThrownBy(() -> profile("{profile: {entries: 0}}")).isInstanceOf(ScenarioException.class)
                .hasMessageContaining("behaviour.profile.entries");
        assertThatThrownBy(() -> profile("{profile: {lateRows: {every: 3, delay: PT0S}}}"))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("behaviour.profile.lateRows.delay");
    }

    private static long at(int minute) {
        return START + minute * PERIOD;
    }

    private LoadProfileObject profile(String behaviour) {
        final Scenario scenario = Scenario.parse("""
                seed: 1
                groups:
                  - {idPrefix: m-, count: 1, protocol: DLMS, behaviour: %s}
                """.formatted(behaviour), "test");
        final MeterPhysics physics = new MeterPhysics(scenario.meters().get(0).behaviour(), 1, START);
        final RegisterObject energy = new RegisterObject("1.0.1.8.0.255", 0, RegisterObject.UNIT_WH, true,
                physics::importWh, now::get);
        return new LoadProfileObject(physics, now::get, Duration.ofMillis(PERIOD), 31, List.of(energy));
    }

    private static SelectiveAccessDescription range(long from, long to) {
        return new SelectiveAccessDescription(1, DataObject.newStructureData(DataObject.newStructureData(),
                DateTimes.encode(from), DateTimes.encode(to), DataObject.newArrayData(List.of())));
    }

    private static SelectiveAccessDescription entries(long from, long to) {
        return new SelectiveAccessDescription(2, DataObject.newStructureData(DataObject.newUInteger32Data(from),
                DataObject.newUInteger32Data(to), DataObject.newUInteger16Data(1), DataObject.newUInteger16Data(0)));
    }

    private static List<Long> captures(DataObject buffer) {
        return buffer.<List<DataObject>>getValue().stream()
                .map(r -> DateTimes.decode(r.<List<DataObject>>getValue().get(0))).toList();
    }
}
