package io.meterflow.streams.storage;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The object cache in front of meter-state: what the store below (and so the changelog) holds when, since that is
 * what a restarted or migrated task resumes from.
 */
class ObjectCachingKeyValueStoreTest {

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private KeyValueStore<String, String> below;
    private ObjectCachingKeyValueStore<String, String> store;

    private void open(int maxEntries) {
        below = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("state"), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
        store = new ObjectCachingKeyValueStore<>(below, maxEntries);
        store.init(context.getStateStoreContext(), store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void changedValuesReachTheStoreBelowWhenStreamsFlushesCachesBeforeACommit() {
        open(100);
        store.put("meter-1", "a");
        store.put("meter-1", "b");
        store.put("meter-2", "c");
        assertThat(store.get("meter-1")).isEqualTo("b");
        assertThat(below.get("meter-1")).as("not written per put").isNull();

        store.flushCache();

        assertThat(below.get("meter-1")).isEqualTo("b");
        assertThat(below.get("meter-2")).isEqualTo("c");
    }

    @Test
    void theLeastRecentlyUsedValueIsWrittenDownWhenTheCacheIsFull() {
        open(2);
        store.put("meter-1", "a");
        store.put("meter-2", "b");
        store.get("meter-1");
        store.put("meter-3", "c");

        assertThat(below.get("meter-2")).as("evicted, so written").isEqualTo("b");
        assertThat(below.get("meter-1")).as("recently used, still only cached").isNull();
        assertThat(List.of(store.get("meter-1"), store.get("meter-2"), store.get("meter-3"))).containsExactly("a", "b", "c");
    }

    @Test
    void afterClearCacheReadsSeeWhatWasWrittenBelowIt() {
        open(100);
        store.put("meter-1", "a");
        store.flushCache();
        below.put("meter-1", "restored");

        store.clearCache();

        assertThat(store.get("meter-1")).isEqualTo("restored");
    }

    @Test
    void scansAndDeletesSeeValuesNotYetWrittenDown() {
        open(100);
        store.put("meter-1", "a");
        store.put("meter-2", "b");
        final List<KeyValue<String, String>> all = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.all()) {
            it.forEachRemaining(all::add);
        }
        assertThat(all).containsExactly(KeyValue.pair("meter-1", "a"), KeyValue.pair("meter-2", "b"));

        assertThat(store.delete("meter-1")).isEqualTo("a");
        store.put("meter-2", null);
        store.flushCache();

        assertThat(store.get("meter-1")).isNull();
        assertThat(below.get("meter-1")).isNull();
        assertThat(below.get("meter-2")).isNull();
    }

    @Test
    void closingDropsWhatWasNeverFlushedLikeAnAbortedTransaction() {
        open(100);
        store.put("meter-1", "a");
        store.close();
        store.init(context.getStateStoreContext(), store);

        assertThat(store.get("meter-1")).isNull();
    }
}
