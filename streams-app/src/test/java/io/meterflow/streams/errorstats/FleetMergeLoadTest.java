package io.meterflow.streams.errorstats;

import io.meterflow.schema.ErrorStats;
import io.meterflow.schema.serde.JsonSerde;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.streams.support.Readings;
import io.meterflow.streams.support.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.meterflow.schema.ReadingSource.DLMS;
import static io.meterflow.streams.support.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet roll-up's single-partition merge gets the per-task sums of the closed per-meter windows, not every
 * per-meter window: its load per window does not grow with the fleet.
 */
class FleetMergeLoadTest {

    private static final long MIN = 60_000;
    private static final long WINDOW = 5 * MIN;
    private static final int METERS = 500;
    private final TopologyFixture fixture = new TopologyFixture(Map.of(), "rules: []");

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void theMergeGetsOneRecordPerWindowAndTaskForAFleetOfFiveHundredMeters() {
        for (int minute = 0; minute < 5; minute++) {
            for (int m = 0; m < METERS; m++) {
                fixture.pipe(Readings.ok(meter(m), DLMS, T0 + minute * MIN + m));
            }
        }
        // Stream time passes the first window's end and grace for every meter, then the fleet's.
        fixture.pipe(Readings.ok(meter(0), DLMS, T0 + WINDOW + 2 * MIN));
        fixture.pipe(Readings.ok(meter(0), DLMS, T0 + 2 * WINDOW + 2 * MIN));

        final List<FleetMessage> merged = fixture.internalRecords("fleet-windows-PT5M-repartition",
                new JsonSerde<>(FleetMessage.class));
        final List<FleetMessage> windowsOfT0 = merged.stream()
                .filter(f -> f.counts() != null && f.windowStart() == T0).toList();
        assertThat(windowsOfT0).hasSize(1);
        assertThat(windowsOfT0.get(0).counts().total()).isEqualTo(5L * METERS);

        final List<ErrorStats> fleet = fixture.drain(MeterFlowTopics.ERROR_STATS).stream()
                .filter(s -> ErrorStats.FLEET.equals(s.meterId())).toList();
        assertThat(fleet).first().satisfies(s -> {
            assertThat(s.windowStart()).isEqualTo(T0);
            assertThat(s.total()).isEqualTo(5L * METERS);
            assertThat(s.expected()).isEqualTo(5L * METERS);
        });
    }

    private static String meter(int i) {
        return "m" + i;
    }
}
