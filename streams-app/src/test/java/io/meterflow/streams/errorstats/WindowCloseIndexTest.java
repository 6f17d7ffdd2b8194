package io.meterflow.streams.errorstats;

import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.serde.JsonSerde;
import io.meterflow.streams.meter.MeterState;
import io.meterflow.streams.support.Readings;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import static io.meterflow.streams.support.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** After a restart the index is rebuilt from the restored meter states: same windows, same window time. */
class WindowCloseIndexTest {

    private static final long MIN = 60_000;
    private static final long FIVE = 5 * MIN;
    private static final long HOUR = 60 * MIN;
    private static final long M1_LAST = 5 * MIN + 30_000;

    @Test
    void theRebuiltIndexClosesTheRestoredWindowsInOrderAndKnowsHowFarWindowTimeHadGone() {
        final KeyValueStore<String, MeterState> store = store();
        // m1 is in its second 5-minute window and its first hour; m2 has one open 5-minute window.
        store.put("m1", withWindows(T0 + M1_LAST, new OpenWindow(FIVE, T0 + FIVE, WindowCounts.empty().add(
                Readings.ok("m1", ReadingSource.DLMS, T0 + M1_LAST))), new OpenWindow(HOUR, T0, WindowCounts.empty().add(
                Readings.ok("m1", ReadingSource.DLMS, T0 + M1_LAST)))));
        store.put("m2", withWindows(T0 + 2 * MIN, new OpenWindow(FIVE, T0, WindowCounts.empty().add(
                Readings.ok("m2", ReadingSource.DLMS, T0 + 2 * MIN)))));

        final WindowCloseIndex index = WindowCloseIndex.rebuild(store, MIN);

        assertThat(index.size()).isEqualTo(3);
        // Window time is the newest reading of the task (m1's, 5:30), so m2's window (closing at 6:00) is open...
        assertThat(index.closed(new OpenWindow(FIVE, T0, WindowCounts.empty()))).isFalse();
        assertThat(index.closed(new OpenWindow(FIVE, T0 - FIVE, WindowCounts.empty())))
                .as("a reading for the window before (closed at 1:00) is late").isTrue();
        assertThat(index.pollClosed()).isEmpty();
        // ...and closes once window time passes its end plus grace, before m1's window that ends later.
        index.advance(T0 + 11 * MIN);
        assertThat(index.pollClosed()).extracting(WindowCloseIndex.Due::meterId, WindowCloseIndex.Due::start)
                .containsExactly(tuple("m2", T0), tuple("m1", T0 + FIVE));
        assertThat(index.closed(new OpenWindow(FIVE, T0 + FIVE, WindowCounts.empty()))).isTrue();
        assertThat(index.size()).isEqualTo(1);
    }

    private static MeterState withWindows(long lastCollectedAt, OpenWindow... windows) {
        MeterState state = MeterState.EMPTY.accept(lastCollectedAt, lastCollectedAt, true, ReadingSource.DLMS, HOUR);
        for (OpenWindow window : windows) {
            state = state.withWindow(window);
        }
        return state;
    }

    private static KeyValueStore<String, MeterState> store() {
        final MockProcessorContext<String, MeterState> context = new MockProcessorContext<>();
        final KeyValueStore<String, MeterState> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("meter-state"),
                Serdes.String(), new JsonSerde<>(MeterState.class)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}
