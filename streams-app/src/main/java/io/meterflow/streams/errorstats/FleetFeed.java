package io.meterflow.streams.errorstats;

import io.meterflow.schema.ErrorStats;
import io.meterflow.schema.serde.JsonSerde;
import io.meterflow.streams.storage.ObjectCachingStoreBuilder;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Per-meter side of the fleet roll-up: adds up the closed per-meter windows of this task per window start (in a store,
 * so a crash loses no sum the task's committed offsets already cover), and sends the sums, then a watermark of this
 * task's stream time, whenever that time advances. So the single-partition merge receives one record per window
 * start and task for each step of stream time, not one per meter, and a watermark still comes after every window it
 * covers. A task whose stream time has not moved for {@code idleAfter} of wall-clock time sends its sums and says it
 * is idle, so that partitions without meters do not hold the fleet back.
 *
 * <p>The sums are read and written for every closed meter window, and all of them are sent at every step of stream
 * time: the store keeps them as objects and writes them down once per commit ({@link ObjectCachingStoreBuilder}), and
 * the window starts with a sum are kept in memory (rebuilt from the restored store when the task starts), so a step
 * costs no scan of the store (both were a twentieth of the stream thread in the benchmark's profile).
 */
public final class FleetFeed implements Processor<String, ErrorStats, String, FleetMessage> {

    private static final Duration STREAM_TIME_STEP = Duration.ofSeconds(10);
    private static final Duration WALL_CLOCK_STEP = Duration.ofSeconds(10);
    /** Window starts with a sum at a time: a few per window size, more after a long idle spell. */
    private static final int CACHED_SUMS = 256;

    private final String storeName;
    private final long idleAfterMs;
    private ProcessorContext<String, FleetMessage> context;
    private KeyValueStore<Long, FleetCounts> sums;
    /** The keys of {@link #sums}, oldest window first. */
    private final NavigableSet<Long> starts = new TreeSet<>();
    private long sent = -1;
    /** Wall-clock time the stream time last moved; -1 until the first wall-clock punctuation. */
    private long movedAtWallMs = -1;
    private long streamTimeAtLastCheck = -1;
    private boolean idle;

    private FleetFeed(String storeName, Duration idleAfter) {
        this.storeName = storeName;
        this.idleAfterMs = idleAfter.toMillis();
    }

    /** The feed with its store of unsent sums, named {@code <name>-sums}. */
    public static ProcessorSupplier<String, ErrorStats, String, FleetMessage> supplier(String name, Duration idleAfter) {
        final String storeName = name + "-sums";
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, ErrorStats, String, FleetMessage> get() {
                return new FleetFeed(storeName, idleAfter);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(new ObjectCachingStoreBuilder<>(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(storeName), Serdes.Long(), new JsonSerde<>(FleetCounts.class)),
                        CACHED_SUMS));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, FleetMessage> context) {
        this.context = context;
        this.sums = context.getStateStore(storeName);
        // Stores are restored before init, so the starts match the sums this task resumes from.
        starts.clear();
        try (KeyValueIterator<Long, FleetCounts> all = sums.all()) {
            all.forEachRemaining(entry -> starts.add(entry.key));
        }
        context.schedule(STREAM_TIME_STEP, PunctuationType.STREAM_TIME, t -> sendWatermark());
        context.schedule(WALL_CLOCK_STEP, PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }

    @Override
    public void process(Record<String, ErrorStats> record) {
        final ErrorStats window = record.value();
        final FleetCounts sum = sums.get(window.windowStart());
        sums.put(window.windowStart(), (sum == null ? FleetCounts.empty() : sum).add(window));
        starts.add(window.windowStart());
    }

    private void onWallClock(long wallMs) {
        // The context's system time is not reliable during init; the idle clock starts at the first punctuation.
        final long streamTime = context.currentStreamTimeMs();
        if (movedAtWallMs < 0 || streamTime != streamTimeAtLastCheck) {
            movedAtWallMs = wallMs;
            streamTimeAtLastCheck = streamTime;
        }
        if (!sendWatermark() && !idle && wallMs - movedAtWallMs >= idleAfterMs) {
            sendSums(Math.max(0, sent));
            idle = true;
            context.forward(new Record<>(ErrorStats.FLEET, FleetMessage.idle(partition()), Math.max(0, sent)));
        }
    }

    private boolean sendWatermark() {
        final long streamTime = context.currentStreamTimeMs();
        if (streamTime < 0 || streamTime == sent) {
            return false;
        }
        sendSums(streamTime);
        sent = streamTime;
        idle = false;
        context.forward(new Record<>(ErrorStats.FLEET, FleetMessage.watermark(partition(), streamTime), streamTime));
        return true;
    }

    /** Every sum not sent yet, oldest window first, before the watermark or idle mark that covers them. */
    private void sendSums(long timestamp) {
        for (long start : starts) {
            context.forward(new Record<>(ErrorStats.FLEET, FleetMessage.partial(start, sums.get(start)), timestamp));
        }
        starts.forEach(sums::delete);
        starts.clear();
    }

    private int partition() {
        return context.taskId().partition();
    }
}
