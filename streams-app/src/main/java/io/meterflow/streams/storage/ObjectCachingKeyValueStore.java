package io.meterflow.streams.storage;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the most recently used values of a key-value store as objects, writes changed ones to the store below once
 * per commit, so that a meter read and written for every reading costs neither a deserialisation nor a
 * serialisation each time (together a fifth of the stream thread in the profile). Values must be immutable, or
 * mutable values whose every change is put back under their key before anything else reads the store (the cache
 * holds the changed object itself, so a change that is not put back would still be seen by later reads).
 *
 * <p>Why it is safe under exactly_once_v2: Kafka Streams flushes the caches of a task's stores before it flushes the
 * producer and commits the transaction ({@link CachedStateStore#flushCache()}), so every changed value reaches the
 * changelog in the same transaction as the outputs derived from it. A task closed dirty drops the cache with the
 * store ({@link #close()}); a store recycled between standby and active drops it too ({@link #clearCache()}), as
 * restoration writes below it. When the cache is full, the least recently used value is written down at once.
 *
 * <p>Only the stream thread that owns the task may use it (the app serves no interactive queries).
 */
public final class ObjectCachingKeyValueStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V>
        implements KeyValueStore<K, V> {

    private final int maxEntries;
    private final LinkedHashMap<K, Cached<V>> cache;

    private static final class Cached<V> {
        V value;
        boolean dirty;

        Cached(V value, boolean dirty) {
            this.value = value;
            this.dirty = dirty;
        }
    }

    public ObjectCachingKeyValueStore(KeyValueStore<K, V> inner, int maxEntries) {
        super(inner);
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Cached<V>> eldest) {
                if (size() <= ObjectCachingKeyValueStore.this.maxEntries) {
                    return false;
                }
                if (eldest.getValue().dirty) {
                    wrapped().put(eldest.getKey(), eldest.getValue().value);
                }
                return true;
            }
        };
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        cache.clear();
        super.init(context, root);
    }

    @Override
    public V get(K key) {
        final Cached<V> cached = cache.get(key);
        if (cached != null) {
            return cached.value;
        }
        final V value = wrapped().get(key);
        if (value != null) {
            cache.put(key, new Cached<>(value, false));
        }
        return value;
    }

    @Override
    public void put(K key, V value) {
        if (value == null) {
            delete(key);
            return;
        }
        final Cached<V> cached = cache.get(key);
        if (cached != null) {
            cached.value = value;
            cached.dirty = true;
        } else {
            cache.put(key, new Cached<>(value, true));
        }
    }

    @Override
    public V putIfAbsent(K key, V value) {
        final V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        for (KeyValue<K, V> entry : entries) {
            put(entry.key, entry.value);
        }
    }

    @Override
    public V delete(K key) {
        // Not through get(): a value read from below only to be dropped must not take a cache slot (and evict).
        final Cached<V> cached = cache.remove(key);
        final V below = wrapped().delete(key);
        return cached != null ? cached.value : below;
    }

    // Scans are rare (task init); they see the store below, so changed values go down first.

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        writeDirty();
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K from, K to) {
        writeDirty();
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        writeDirty();
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        writeDirty();
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
        writeDirty();
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        writeDirty();
        return wrapped().approximateNumEntries();
    }

    /** Before the task's producer is flushed and its transaction committed. */
    @Override
    public void flushCache() {
        writeDirty();
        super.flushCache();
    }

    @Override
    public void clearCache() {
        cache.clear();
        super.clearCache();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        writeDirty();
        super.commit(changelogOffsets);
    }

    @Override
    public void close() {
        cache.clear();
        super.close();
    }

    private void writeDirty() {
        for (Map.Entry<K, Cached<V>> entry : cache.entrySet()) {
            final Cached<V> cached = entry.getValue();
            if (cached.dirty) {
                wrapped().put(entry.getKey(), cached.value);
                cached.dirty = false;
            }
        }
    }
}
