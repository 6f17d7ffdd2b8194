package io.meterflow.connect.dlms.push.record;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The source partition of one meter's pushes, {@code {meterId, stream=push}}: an unmodifiable map that iterates (and
 * so serializes) exactly as the HashMap it wraps, with its hash code computed once. The worker hashes every record's
 * source partition several times per poll (its submitted-record deques, the committable offsets it merges after each
 * poll, copying the map of every partition not yet flushed: up to one per meter), and a HashMap walks its entries for
 * each hash; with a thousand pushing meters that was the biggest single cost of the task thread (docs/benchmarks.md,
 * DLMS push). {@link PushRecords} hands out one instance per meter, so the worker's lookups end at identity.
 */
final class MeterPartition extends AbstractMap<String, String> {

    private final Map<String, String> entries;
    private final int hash;

    MeterPartition(Map<String, String> entries) {
        this.entries = Collections.unmodifiableMap(new HashMap<>(entries));
        this.hash = this.entries.hashCode();
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return entries.entrySet();
    }

    @Override
    public String get(Object key) {
        return entries.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || super.equals(o);
    }
}
