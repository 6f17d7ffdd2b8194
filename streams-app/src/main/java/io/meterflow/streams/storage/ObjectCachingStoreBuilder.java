package io.meterflow.streams.storage;

import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.Map;

/** Builds a key-value store with an {@link ObjectCachingKeyValueStore} on top of what {@code inner} builds. */
public final class ObjectCachingStoreBuilder<K, V> implements StoreBuilder<KeyValueStore<K, V>> {

    private StoreBuilder<KeyValueStore<K, V>> inner;
    private final int maxEntries;

    public ObjectCachingStoreBuilder(StoreBuilder<KeyValueStore<K, V>> inner, int maxEntries) {
        this.inner = inner;
        this.maxEntries = maxEntries;
    }

    @Override
    public ObjectCachingStoreBuilder<K, V> withCachingEnabled() {
        inner = inner.withCachingEnabled();
        return this;
    }

    @Override
    public ObjectCachingStoreBuilder<K, V> withCachingDisabled() {
        inner = inner.withCachingDisabled();
        return this;
    }

    @Override
    public ObjectCachingStoreBuilder<K, V> withLoggingEnabled(Map<String, String> config) {
        inner = inner.withLoggingEnabled(config);
        return this;
    }

    @Override
    public ObjectCachingStoreBuilder<K, V> withLoggingDisabled() {
        inner = inner.withLoggingDisabled();
        return this;
    }

    @Override
    public KeyValueStore<K, V> build() {
        return new ObjectCachingKeyValueStore<>(inner.build(), maxEntries);
    }

    @Override
    public Map<String, String> logConfig() {
        return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
        return inner.loggingEnabled();
    }

    @Override
    public String name() {
        return inner.name();
    }
}
