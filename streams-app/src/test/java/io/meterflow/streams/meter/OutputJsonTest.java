package io.meterflow.streams.meter;

import io.meterflow.schema.ClockDrift;
import io.meterflow.schema.Rate;
import io.meterflow.schema.RateKind;
import io.meterflow.schema.topic.MeterFlowTopics;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written output writers give the bytes the topics' Jackson serde gives, whatever the values. */
class OutputJsonTest {

    @Property(tries = 2000)
    void ratesAreWrittenAsJacksonWritesThem(@ForAll("rates") Rate rate) {
        assertThat(new String(OutputJson.rate("meter-rates", rate)))
                .isEqualTo(new String(MeterFlowTopics.RATES.valueSerde().serializer().serialize("meter-rates", rate)));
    }

    @Property(tries = 2000)
    void driftsAreWrittenAsJacksonWritesThem(@ForAll("drifts") ClockDrift drift) {
        assertThat(new String(OutputJson.drift("meter-clock-drift", drift))).isEqualTo(new String(
                MeterFlowTopics.CLOCK_DRIFT.valueSerde().serializer().serialize("meter-clock-drift", drift)));
    }

    @Provide
    Arbitrary<Rate> rates() {
        return Combinators.combine(texts(), texts(), Arbitraries.longs(), Arbitraries.longs(), doubles(),
                        texts().injectNull(0.2), doubles(), texts().injectNull(0.2))
                .as((meterId, obis, from, to, delta, deltaUnit, rate, unit) -> new Rate(meterId, obis, from, to, delta,
                        deltaUnit, rate, unit, RateKind.values()[(int) Math.floorMod(from, 3L)]));
    }

    @Provide
    Arbitrary<ClockDrift> drifts() {
        return Combinators.combine(texts(), Arbitraries.longs(), Arbitraries.longs(), doubles().injectNull(0.2),
                Arbitraries.integers()).as(ClockDrift::new);
    }

    /** Mostly the ASCII ids and units of real outputs, sometimes quotes, backslashes, control and non-ASCII characters. */
    private static Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(20),
                Arbitraries.of("meter-17", "1.0.1.8.0.255", "Wh", "W", "var", ""),
                Arbitraries.strings().withChars('a', '"', '\\', '\n', '\u0001', '\u007f', 'é', '€', '\uD83D')
                        .ofMaxLength(6));
    }

    private static Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.doubles().between(-1e3, 1e3),
                Arbitraries.of(0.0, -0.0, 1e-7, 1e21, 123456789.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN,
                        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    }
}
