package io.meterflow.streams.errorstats;

import io.meterflow.schema.ErrorStats;
import io.meterflow.schema.serde.JsonSerde;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Per-meter side of the fleet roll-up: adds up the closed per-meter windows of this task per window start (in a store,
 * so a crash loses no sum the task's committed offsets already cover), and sends the sums, then a watermark of this
 * task's stream time, whenever that time advances. So the single-partition merge receives one record per window
 * start and task for each step of stream time, not one per meter, and a watermark still comes after every window it
 * covers. A task whose stream time has not moved for {@code idleAfter} of wall-clock time sends its sums and says it
 * is idle, so that partitions without meters do not hold the fleet back.
 */
public final class FleetFeed implements Processor<String, ErrorStats, String, FleetMessage> {

    private static final Duration STREAM_TIME_STEP = Duration.ofSeconds(10);
    private static final Duration WALL_CLOCK_STEP = Duration.ofSeconds(10);

    private final String storeName;
    private final long idleAfterMs;
    private ProcessorContext<String, FleetMessage> context;
    private KeyValueStore<Long, FleetCounts> sums;
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
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(storeName), Serdes.Long(),
                        new JsonSerde<>(FleetCounts.class)));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, FleetMessage> context) {
        this.context = context;
        this.sums = context.getStateStore(storeName);
        context.schedule(STREAM_TIME_STEP, PunctuationType.STREAM_TIME, t -> sendWatermark());
        context.schedule(WALL_CLOCK_STEP, PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }

    @Override
    public void process(Record<String, ErrorStats> record) {
        final ErrorStats window = record.value();
        final FleetCounts sum = sums.get(window.windowStart());
        sums.put(window.windowStart(), (sum == null ? FleetCounts.empty() : sum).add(window));
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
        final List<Long> starts = new ArrayList<>();
        try (KeyValueIterator<Long, FleetCounts> all = sums.all()) {
            all.forEachRemaining(entry -> {
                starts.add(entry.key);
                context.forward(new Record<>(ErrorStats.FLEET, FleetMessage.partial(entry.key, entry.value), timestamp));
            });
        }
        starts.forEach(sums::delete);
    }

    private int partition() {
        return context.taskId().partition();
    }
}
