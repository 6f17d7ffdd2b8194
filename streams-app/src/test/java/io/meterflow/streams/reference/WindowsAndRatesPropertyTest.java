package io.meterflow.streams.reference;

import io.meterflow.schema.ErrorStats;
import io.meterflow.schema.MeterValue;
import io.meterflow.schema.Rate;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.ReadingStatus;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.streams.support.Readings;
import io.meterflow.streams.support.TopologyFixture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.meterflow.streams.support.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * On random readings of a few meters — random gaps, statuses, register resets, repeated meter times, records moved
 * back in arrival order (out of order, some beyond the grace period) and duplicated — the topology's window error
 * percentages (per meter and fleet) and rates equal the {@link NaiveReference}'s.
 */
class WindowsAndRatesPropertyTest {

    private static final long WINDOW = 5 * 60_000;
    private static final long GRACE = 60_000;
    private static final Set<String> OBIS = Set.of(Readings.IMPORT);

    /** One generated reading: which meter, how long after its previous one, and what is odd about it. */
    record Step(int meter, int gapSeconds, ReadingStatus status, int incrementWh, int oddity, int moveBack) {
    }

    @Property(tries = 40)
    void windowsAndRatesEqualTheNaiveReference(@ForAll("steps") List<Step> steps) {
        final List<Reading> arrival = arrivalOrder(steps);
        final NaiveReference reference = new NaiveReference(WINDOW, GRACE, OBIS);
        arrival.forEach(reference::accept);
        final List<Integer> irregular = reference.irregular();
        Statistics.label("late").collect(irregular.get(0) > 0);
        Statistics.label("duplicate").collect(irregular.get(1) > 0);
        Statistics.label("out of order or repeated meter time").collect(irregular.get(2) > 0);
        Statistics.label("resets").collect(reference.rates().stream().anyMatch(r -> r.kind() == io.meterflow.schema.RateKind.RESET));
        Statistics.label("late").coverage(c -> c.check(true).percentage(p -> p >= 50));
        Statistics.label("duplicate").coverage(c -> c.check(true).percentage(p -> p >= 50));
        Statistics.label("out of order or repeated meter time").coverage(c -> c.check(true).percentage(p -> p >= 50));

        try (TopologyFixture fixture = new TopologyFixture(Map.of(), "rules: []")) {
            fixture.pipeAll(arrival);
            // Close every window of the real meters, then the fleet windows (see NaiveReference#fleet).
            final long end = arrival.stream().mapToLong(Reading::collectedAt).max().orElse(T0);
            fixture.pipe(Readings.ok("flush", ReadingSource.MQTT, end + 10 * WINDOW));
            fixture.pipe(Readings.ok("flush", ReadingSource.MQTT, end + 20 * WINDOW));

            final List<ErrorStats> stats = fixture.drain(MeterFlowTopics.ERROR_STATS);
            assertWindows(stats.stream().filter(s -> !s.meterId().equals(ErrorStats.FLEET) && !s.meterId().equals("flush"))
                    .toList(), reference.windows());
            assertFleet(stats.stream().filter(s -> s.meterId().equals(ErrorStats.FLEET) && s.windowStart() < end + WINDOW)
                    .toList(), reference.fleet());
            assertRates(fixture.drain(MeterFlowTopics.RATES), reference.rates());
        }
    }

    private static void assertWindows(List<ErrorStats> actual, Map<NaiveReference.WindowKey, NaiveReference.Counts> expected) {
        final Map<NaiveReference.WindowKey, ErrorStats> byKey = new HashMap<>();
        for (ErrorStats s : actual) {
            assertThat(byKey.put(new NaiveReference.WindowKey(s.meterId(), s.windowStart()), s))
                    .as("window written once: %s", s).isNull();
        }
        assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, counts) -> assertCounts(byKey.get(key), counts));
    }

    private static void assertFleet(List<ErrorStats> actual, Map<Long, NaiveReference.Counts> expected) {
        final Map<Long, ErrorStats> byStart = new HashMap<>();
        actual.forEach(s -> assertThat(byStart.put(s.windowStart(), s)).as("fleet window written once").isNull());
        assertThat(byStart.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((start, counts) -> assertCounts(byStart.get(start), counts));
    }

    private static void assertCounts(ErrorStats actual, NaiveReference.Counts expected) {
        assertThat(actual.total()).as("total of %s", actual).isEqualTo(expected.total());
        assertThat(actual.failed()).as("failed of %s", actual).isEqualTo(expected.failed());
        assertThat(actual.errorPct()).isCloseTo(100.0 * expected.failed() / expected.total(), within(1e-9));
        assertThat(actual.byStatus()).isEqualTo(expected.byStatus());
        assertThat(actual.windowEnd() - actual.windowStart()).isEqualTo(WINDOW);
    }

    private static void assertRates(List<Rate> actual, List<NaiveReference.RateRow> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            final Rate a = actual.get(i);
            final NaiveReference.RateRow e = expected.get(i);
            assertThat(List.of(a.meterId(), a.obis(), a.from(), a.to(), a.kind()))
                    .containsExactly(e.meterId(), e.obis(), e.from(), e.to(), e.kind());
            assertThat(a.delta()).isCloseTo(e.delta(), within(1e-6));
            assertThat(a.rate()).isCloseTo(e.rate(), within(1e-6 * Math.max(1, Math.abs(e.rate()))));
        }
    }

    /** Readings in generation order, then moved back and duplicated as the steps say. */
    static List<Reading> arrivalOrder(List<Step> steps) {
        final long[] clock = {T0, T0 + 7_000, T0 + 13_000, T0 + 29_000};
        final double[] register = {1_000, 2_000, 3_000, 4_000};
        final long[] lastMeterTime = new long[4];
        final List<Reading> arrival = new ArrayList<>();
        for (Step step : steps) {
            final int m = step.meter();
            clock[m] += step.gapSeconds() * 1_000L;
            final String meterId = "m" + m;
            final Reading reading;
            if (step.status() == ReadingStatus.OK) {
                register[m] = step.oddity() == 0 ? step.incrementWh() : register[m] + step.incrementWh();
                final long meterTime = step.oddity() == 1 && lastMeterTime[m] != 0 ? lastMeterTime[m] : clock[m] + 1_500;
                lastMeterTime[m] = meterTime;
                reading = Reading.ok(meterId, ReadingSource.DLMS, clock[m], meterTime, 20,
                        List.of(new MeterValue(Readings.IMPORT, register[m], "Wh")));
            } else {
                reading = Readings.failed(meterId, ReadingSource.DLMS, clock[m], step.status());
            }
            arrival.add(Math.max(0, arrival.size() - step.moveBack()), reading);
            if (step.oddity() == 2) {
                arrival.add(reading);
            }
        }
        return arrival;
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        final Arbitrary<ReadingStatus> status = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just(ReadingStatus.OK)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(ReadingStatus.TIMEOUT, ReadingStatus.UNREACHABLE,
                        ReadingStatus.AUTH_FAILED, ReadingStatus.PROTOCOL_ERROR)));
        final Arbitrary<Step> step = Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(1, 200),
                status,
                Arbitraries.integers().between(0, 400),
                // 0: register reset, 1: repeated meter time, 2: duplicated record, else normal
                Arbitraries.integers().between(0, 12),
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(6, Arbitraries.just(0)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1, 4)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(5, 30))))
                .as(Step::new);
        return step.list().ofMinSize(20).ofMaxSize(150);
    }
}
