package io.meterflow.streams.ledger;

import io.meterflow.schema.Completeness;
import io.meterflow.schema.Gap;
import io.meterflow.schema.GapState;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.streams.metrics.TopologyMetrics;
import io.meterflow.streams.support.Rows;
import io.meterflow.streams.support.TopologyFixture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger through the real topology against a naive reference, on random rows of two meters over two UTC days:
 * out of order, late and repeated. The reference recomputes everything from scratch after each row: a capture time is
 * expected from the meter's first row up to the stream time less the lag, or when its row came; it was missing if it
 * was ever expected without a row; it is RECOVERED if its row came after that, else MISSING.
 */
class LedgerPropertyTest {

    private static final int CAPTURES = 2 * 96;
    private static final long LAG = 2 * Rows.PERIOD;

    /** A row of meter a or b at capture index 0..191. */
    record Step(String meter, int index) {
    }

    @Property(tries = 25)
    void theLedgerEqualsTheNaiveReference(@ForAll("steps") List<Step> steps) {
        final Map<String, Reference> reference = new HashMap<>();
        long streamTime = Long.MIN_VALUE;
        try (TopologyFixture fixture = new TopologyFixture(Map.of("ledger.max.open.gaps", "1000"), "rules: []",
                "register: 1.0.1.8.0.255\nrules: []\n", TopologyMetrics.NONE)) {
            for (Step step : steps) {
                fixture.pipe(Rows.row(step.meter(), step.index(), step.index()));
                streamTime = Math.max(streamTime, Rows.at(step.index()));
                reference.computeIfAbsent(step.meter(), m -> new Reference()).row(Rows.at(step.index()), streamTime);
            }
            final Map<String, Completeness> latest = Rows.latest(fixture.drain(MeterFlowTopics.COMPLETENESS));
            reference.forEach((meter, ref) -> ref.days().forEach((day, expected) -> {
                final Completeness actual = latest.get(meter + "/" + day);
                assertThat(actual).as("ledger of %s on %s", meter, day).isNotNull();
                assertThat(actual.expected()).as("expected of %s on %s", meter, day).isEqualTo(expected.expected);
                assertThat(actual.received()).as("received of %s on %s", meter, day).isEqualTo(expected.received);
                assertThat(actual.missing()).as("missing of %s on %s", meter, day).isEqualTo(expected.missing);
                assertThat(states(actual)).as("gap states of %s on %s", meter, day).isEqualTo(expected.states);
            }));
            Statistics.label("late or repeated rows").collect(steps.size() - new TreeSet<>(steps.stream()
                    .map(s -> s.meter() + s.index()).toList()).size() > 0 ? "some repeated" : "none repeated");
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        final Arbitrary<Step> step = Arbitraries.of("a", "b").flatMap(meter -> Arbitraries.integers().between(0, CAPTURES - 1)
                .map(index -> new Step(meter, index)));
        // Mostly ascending, as a meter sends, with stragglers: sorted, then some rows moved later.
        return step.list().ofMinSize(5).ofMaxSize(120).flatMap(rows -> Arbitraries.integers().between(0, rows.size())
                .map(unsorted -> {
                    final List<Step> sorted = new java.util.ArrayList<>(rows.subList(unsorted, rows.size()));
                    sorted.sort(java.util.Comparator.comparingInt(Step::index));
                    final List<Step> mixed = new java.util.ArrayList<>(sorted);
                    final List<Step> stragglers = rows.subList(0, unsorted);
                    for (int i = 0; i < stragglers.size(); i++) {
                        mixed.add(Math.min(mixed.size(), (i * 7919) % (mixed.size() + 1)), stragglers.get(i));
                    }
                    return mixed;
                }));
    }

    private static Map<Long, GapState> states(Completeness day) {
        final Map<Long, GapState> states = new TreeMap<>();
        for (Gap gap : day.gaps()) {
            for (long t = gap.from(); t <= gap.to(); t += Rows.PERIOD) {
                states.put(t, gap.state());
            }
        }
        return states;
    }

    /** The naive ledger of one meter. */
    private static final class Reference {
        private final TreeSet<Long> received = new TreeSet<>();
        private final TreeSet<Long> everMissing = new TreeSet<>();
        private long horizon = Long.MIN_VALUE;

        void row(long t, long streamTime) {
            if (!received.add(t)) {
                return;
            }
            horizon = Math.max(horizon, Math.floorDiv(streamTime - LAG, Rows.PERIOD) * Rows.PERIOD);
            for (long b = received.first(); b <= horizon; b += Rows.PERIOD) {
                if (!received.contains(b)) {
                    everMissing.add(b);
                }
            }
        }

        Map<String, Day> days() {
            final Map<String, Day> days = new TreeMap<>();
            final TreeSet<Long> expected = new TreeSet<>(received);
            for (long b = received.first(); b <= horizon; b += Rows.PERIOD) {
                expected.add(b);
            }
            for (long b : expected) {
                final Day day = days.computeIfAbsent(Instant.ofEpochMilli(b).atZone(ZoneOffset.UTC).toLocalDate().toString(),
                        d -> new Day());
                day.expected++;
                if (received.contains(b)) {
                    day.received++;
                } else {
                    day.missing++;
                }
                if (everMissing.contains(b)) {
                    day.states.put(b, received.contains(b) ? GapState.RECOVERED : GapState.MISSING);
                }
            }
            return days;
        }
    }

    private static final class Day {
        int expected;
        int received;
        int missing;
        final Map<Long, GapState> states = new TreeMap<>();
    }
}
