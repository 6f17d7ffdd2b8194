package io.meterflow.streams.rates;

import io.meterflow.schema.MeterValue;
import io.meterflow.schema.Rate;
import io.meterflow.schema.RateKind;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.streams.metrics.TopologyMetrics;
import io.meterflow.streams.support.CountingMetrics;
import io.meterflow.streams.support.Readings;
import io.meterflow.streams.support.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.meterflow.streams.support.Readings.EXPORT;
import static io.meterflow.streams.support.Readings.IMPORT;
import static io.meterflow.streams.support.Readings.REACTIVE;
import static io.meterflow.streams.support.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RatesTopologyTest {

    private static final String NO_RULES = "rules: []";
    private static final long MIN = 60_000;
    private final CountingMetrics metrics = new CountingMetrics();
    private final TopologyFixture fixture = new TopologyFixture(Map.of(
            "rates.obis", IMPORT + "," + EXPORT + "," + REACTIVE,
            "rates.register.modulus", "100000"), NO_RULES, metrics);

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void consecutiveEnergyValuesBecomeWattsOverTheMeterTimeBetweenThem() {
        fixture.pipe(Readings.energyAtMeterTime("m1", T0, T0 + 500, 1_000));
        fixture.pipe(Readings.energyAtMeterTime("m1", T0 + 15 * MIN, T0 + 15 * MIN + 500, 1_250));

        final List<Rate> rates = fixture.drain(MeterFlowTopics.RATES);

        assertThat(rates).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(RateKind.NORMAL);
            assertThat(r.from()).isEqualTo(T0 + 500);
            assertThat(r.to()).isEqualTo(T0 + 15 * MIN + 500);
            assertThat(r.delta()).isEqualTo(250.0);
            assertThat(r.deltaUnit()).isEqualTo("Wh");
            // 250 Wh in a quarter of an hour is 1000 W.
            assertThat(r.rate()).isCloseTo(1_000.0, within(1e-9));
            assertThat(r.unit()).isEqualTo("W");
        });
    }

    @Test
    void withoutAMeterClockTheCollectionTimeIsUsed() {
        fixture.pipe(Readings.energy("m1", T0, 10));
        fixture.pipe(Readings.energy("m1", T0 + 30 * MIN, 60));

        assertThat(fixture.drain(MeterFlowTopics.RATES)).singleElement().satisfies(r -> {
            assertThat(r.from()).isEqualTo(T0);
            assertThat(r.to()).isEqualTo(T0 + 30 * MIN);
            assertThat(r.rate()).isCloseTo(100.0, within(1e-9));
        });
    }

    @Test
    void reactiveEnergyGivesVarAndEachRegisterHasItsOwnRate() {
        fixture.pipe(reading("m1", T0, 100, 5, 20));
        fixture.pipe(reading("m1", T0 + 60 * MIN, 300, 5, 70));

        final List<Rate> rates = fixture.drain(MeterFlowTopics.RATES);

        assertThat(rates).extracting(Rate::obis, Rate::rate, Rate::unit).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(IMPORT, 200.0, "W"),
                org.assertj.core.groups.Tuple.tuple(EXPORT, 0.0, "W"),
                org.assertj.core.groups.Tuple.tuple(REACTIVE, 50.0, "var"));
    }

    @Test
    void aDropFromTheTopToTheBottomOfTheModulusIsARollover() {
        fixture.pipe(Readings.energy("m1", T0, 99_950));
        fixture.pipe(Readings.energy("m1", T0 + 60 * MIN, 50));

        assertThat(fixture.drain(MeterFlowTopics.RATES)).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(RateKind.ROLLOVER);
            assertThat(r.delta()).isCloseTo(100.0, within(1e-9));
            assertThat(r.rate()).isCloseTo(100.0, within(1e-9));
        });
    }

    @Test
    void anyOtherDropIsAResetOrMeterExchangeAndClaimsNoConsumption() {
        fixture.pipe(Readings.energy("m1", T0, 40_000));
        fixture.pipe(Readings.energy("m1", T0 + 15 * MIN, 12));
        fixture.pipe(Readings.energy("m1", T0 + 30 * MIN, 262));

        final List<Rate> rates = fixture.drain(MeterFlowTopics.RATES);

        assertThat(rates).extracting(Rate::kind).containsExactly(RateKind.RESET, RateKind.NORMAL);
        assertThat(rates.get(0).delta()).isZero();
        assertThat(rates.get(0).rate()).isZero();
        // After the reset the new register value is the base: 250 Wh in 15 min.
        assertThat(rates.get(1).rate()).isCloseTo(1_000.0, within(1e-9));
    }

    @Test
    void aRepeatedReadingIsDroppedAndCountedAsDuplicate() {
        final Reading first = Readings.energy("m1", T0, 100);
        fixture.pipe(first);
        fixture.pipe(Readings.energy("m1", T0 + 15 * MIN, 200));
        fixture.pipe(Readings.energy("m1", T0 + 15 * MIN, 200));

        assertThat(fixture.drain(MeterFlowTopics.RATES)).hasSize(1);
        assertThat(metrics.count(TopologyMetrics.Irregular.DUPLICATE)).isEqualTo(1);
    }

    @Test
    void theSameMeterTimeInANewReadingIsADuplicateRegisterValueNotARate() {
        fixture.pipe(Readings.energyAtMeterTime("m1", T0, T0, 100));
        fixture.pipe(Readings.energyAtMeterTime("m1", T0 + MIN, T0, 100));

        assertThat(fixture.drain(MeterFlowTopics.RATES)).isEmpty();
        assertThat(metrics.count(TopologyMetrics.Irregular.DUPLICATE)).isEqualTo(1);
    }

    @Test
    void anOlderMeterTimeIsOutOfOrderAndNotARate() {
        fixture.pipe(Readings.energyAtMeterTime("m1", T0 + 30 * MIN, T0 + 30 * MIN, 300));
        fixture.pipe(Readings.energyAtMeterTime("m1", T0 + 31 * MIN, T0 + 15 * MIN, 200));
        fixture.pipe(Readings.energyAtMeterTime("m1", T0 + 45 * MIN, T0 + 45 * MIN, 400));

        final List<Rate> rates = fixture.drain(MeterFlowTopics.RATES);

        assertThat(rates).singleElement().satisfies(r -> {
            assertThat(r.from()).isEqualTo(T0 + 30 * MIN);
            assertThat(r.delta()).isEqualTo(100.0);
        });
        assertThat(metrics.count(TopologyMetrics.Irregular.OUT_OF_ORDER)).isEqualTo(1);
    }

    @Test
    void readingsOfOtherMetersAndOtherRegistersDoNotInterfere() {
        fixture.pipe(Readings.energy("m1", T0, 100));
        fixture.pipe(Readings.energy("m2", T0, 5_000));
        fixture.pipe(Reading.ok("m1", ReadingSource.MQTT, T0 + MIN, null, 0,
                List.of(new MeterValue("1.0.32.7.0.255", 230, "V"))));
        fixture.pipe(Readings.energy("m1", T0 + 60 * MIN, 160));
        fixture.pipe(Readings.energy("m2", T0 + 60 * MIN, 5_010));

        assertThat(fixture.drain(MeterFlowTopics.RATES)).extracting(Rate::meterId, Rate::rate).containsExactly(
                org.assertj.core.groups.Tuple.tuple("m1", 60.0), org.assertj.core.groups.Tuple.tuple("m2", 10.0));
    }

    private static Reading reading(String meterId, long at, double importWh, double exportWh, double varh) {
        return Reading.ok(meterId, ReadingSource.DLMS, at, null, 0, List.of(new MeterValue(IMPORT, importWh, "Wh"),
                new MeterValue(EXPORT, exportWh, "Wh"), new MeterValue(REACTIVE, varh, "varh")));
    }
}
