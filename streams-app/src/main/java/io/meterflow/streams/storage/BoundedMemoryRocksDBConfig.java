package io.meterflow.streams.storage;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds the off-heap memory of every RocksDB store of the app by one budget: all stores share ONE block cache,
 * and their memtables are charged to that cache through ONE write-buffer manager (the pattern of the Kafka Streams
 * memory-management guide). Without it each store instance takes its own cache and memtables, and memory grows with
 * the number of stores and partitions.
 *
 * <p>Kafka Streams instantiates this class once per store, so the shared objects have to live in a static map;
 * it is keyed by the budget, so apps with different budgets in one JVM (tests) do not share.
 */
public final class BoundedMemoryRocksDBConfig implements RocksDBConfigSetter {

    public static final String BLOCK_CACHE_BYTES_CONFIG = "rocksdb.memory.bytes";
    public static final String WRITE_BUFFER_BYTES_CONFIG = "rocksdb.write.buffer.bytes";
    private static final long DEFAULT_TOTAL = 64L * 1024 * 1024;
    private static final long DEFAULT_WRITE_BUFFERS = 16L * 1024 * 1024;
    /** Index and filter blocks get this share of the cache at high priority, so they are not evicted by data. */
    private static final double HIGH_PRIORITY_RATIO = 0.1;
    private static final long BLOCK_SIZE = 16 * 1024;
    private static final int MEMTABLES_PER_STORE = 2;

    private record Budget(long total, long writeBuffers) {
    }

    private record Shared(Cache cache, WriteBufferManager writeBufferManager) {
    }

    private static final Map<Budget, Shared> SHARED = new ConcurrentHashMap<>();

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        final Budget budget = new Budget(bytes(configs, BLOCK_CACHE_BYTES_CONFIG, DEFAULT_TOTAL),
                bytes(configs, WRITE_BUFFER_BYTES_CONFIG, DEFAULT_WRITE_BUFFERS));
        final Shared shared = SHARED.computeIfAbsent(budget, b -> {
            final Cache cache = new LRUCache(b.total(), -1, false, HIGH_PRIORITY_RATIO);
            return new Shared(cache, new WriteBufferManager(b.writeBuffers(), cache));
        });
        final BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        table.setBlockSize(BLOCK_SIZE);
        options.setWriteBufferManager(shared.writeBufferManager());
        options.setMaxWriteBufferNumber(MEMTABLES_PER_STORE);
        options.setWriteBufferSize(Math.max(1024 * 1024, budget.writeBuffers() / 8));
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write-buffer manager are shared by every store: closing them here would break the others.
    }

    private static long bytes(Map<String, Object> configs, String key, long fallback) {
        final Object v = configs.get(key);
        return v == null ? fallback : Long.parseLong(v.toString().trim());
    }
}
