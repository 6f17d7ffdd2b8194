package io.meterflow.streams.errorstats;

import io.meterflow.schema.ErrorStats;
import io.meterflow.streams.metrics.TopologyMetrics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fleet side of the roll-up: sums the per-task sums of closed per-meter windows ({@link FleetFeed}) and writes a fleet window once, when EVERY upstream
 * partition's watermark has passed its end plus grace — not when the fastest partition has. So the fleet window is
 * the exact sum of its meters' windows however unevenly the partitions progress (after a restart, in a backlog).
 */
public final class FleetWindows implements Processor<String, FleetMessage, String, ErrorStats> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FleetWindows.class);
    private static final String KEY = "fleet";
    private final String storeName;
    private final long sizeMs;
    private final long graceMs;
    private final int partitions;
    private final TopologyMetrics metrics;
    private ProcessorContext<String, ErrorStats> context;
    private KeyValueStore<String, FleetState> store;

    /** @param partitions how many upstream partitions (of the input topic) must pass a window before it closes */
    public FleetWindows(String storeName, Duration size, Duration grace, int partitions, TopologyMetrics metrics) {
        this.storeName = storeName;
        this.partitions = partitions;
        this.sizeMs = size.toMillis();
        this.graceMs = grace.toMillis();
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, ErrorStats> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, FleetMessage> record) {
        final FleetMessage message = record.value();
        if (message == null) {
            return;
        }
        final FleetState stored = store.get(KEY);
        final FleetState state = stored == null ? FleetState.empty() : stored;
        final FleetState next;
        if (message.counts() != null) {
            next = add(state, message.windowStart(), message.counts());
        } else if (message.stats() != null) {
            next = add(state, message.stats().windowStart(), FleetCounts.empty().add(message.stats()));
        } else if (message.idle()) {
            next = close(state.withIdle(message.partition()));
        } else {
            next = close(state.withWatermark(message.partition(), message.watermark()));
        }
        store.put(KEY, next);
    }

    private FleetState add(FleetState state, long windowStart, FleetCounts counts) {
        if (windowStart < state.closedBefore()) {
            LOG.warn("Late for the fleet: {} readings of window {} arrived after windows before {} closed (watermarks {},"
                    + " idle {})", counts.total(), windowStart, state.closedBefore(), state.watermarks(), state.idle());
            metrics.irregular(TopologyMetrics.Irregular.LATE);
            return state;
        }
        final TreeMap<Long, FleetCounts> open = new TreeMap<>(state.open());
        open.merge(windowStart, counts, FleetCounts::plus);
        return new FleetState(state.watermarks(), state.idle(), open, state.closedBefore());
    }

    private FleetState close(FleetState state) {
        final long low = state.low(partitions);
        final TreeMap<Long, FleetCounts> open = new TreeMap<>(state.open());
        long closedBefore = state.closedBefore();
        while (!open.isEmpty() && open.firstKey() + sizeMs + graceMs <= low) {
            LOG.debug("Fleet window {} closes at low {} (watermarks {}, idle {})", open.firstKey(), low,
                    state.watermarks(), state.idle());
            final Map.Entry<Long, FleetCounts> window = open.pollFirstEntry();
            final long end = window.getKey() + sizeMs;
            context.forward(new Record<>(ErrorStats.FLEET, window.getValue().toStats(window.getKey(), end), end));
            closedBefore = Math.max(closedBefore, end);
        }
        return new FleetState(state.watermarks(), state.idle(), open, closedBefore);
    }
}
