package io.meterflow.streams.errorstats;

import io.meterflow.schema.ErrorStats;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Duration;

/**
 * Per-meter side of the fleet roll-up: forwards each closed per-meter window under the fleet key, and a watermark
 * of this task's stream time whenever it advances. Records of one task reach the fleet side in order, so a watermark
 * comes after every window it covers. A task whose stream time has not moved for {@code idleAfter} of wall-clock
 * time says it is idle, so that partitions without meters do not hold the fleet back.
 */
public final class FleetFeed implements Processor<String, ErrorStats, String, FleetMessage> {

    private static final Duration STREAM_TIME_STEP = Duration.ofSeconds(10);
    private static final Duration WALL_CLOCK_STEP = Duration.ofSeconds(10);

    private final long idleAfterMs;
    private ProcessorContext<String, FleetMessage> context;
    private long sent = -1;
    /** Wall-clock time the stream time last moved; -1 until the first wall-clock punctuation. */
    private long movedAtWallMs = -1;
    private long streamTimeAtLastCheck = -1;
    private boolean idle;

    public FleetFeed(Duration idleAfter) {
        this.idleAfterMs = idleAfter.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, FleetMessage> context) {
        this.context = context;
        context.schedule(STREAM_TIME_STEP, PunctuationType.STREAM_TIME, t -> sendWatermark());
        context.schedule(WALL_CLOCK_STEP, PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }

    @Override
    public void process(Record<String, ErrorStats> record) {
        context.forward(new Record<>(ErrorStats.FLEET, FleetMessage.of(record.value()), record.value().windowEnd()));
    }

    private void onWallClock(long wallMs) {
        // The context's system time is not reliable during init; the idle clock starts at the first punctuation.
        final long streamTime = context.currentStreamTimeMs();
        if (movedAtWallMs < 0 || streamTime != streamTimeAtLastCheck) {
            movedAtWallMs = wallMs;
            streamTimeAtLastCheck = streamTime;
        }
        if (!sendWatermark() && !idle && wallMs - movedAtWallMs >= idleAfterMs) {
            idle = true;
            context.forward(new Record<>(ErrorStats.FLEET, FleetMessage.idle(partition()), Math.max(0, sent)));
        }
    }

    private boolean sendWatermark() {
        final long streamTime = context.currentStreamTimeMs();
        if (streamTime < 0 || streamTime == sent) {
            return false;
        }
        sent = streamTime;
        idle = false;
        context.forward(new Record<>(ErrorStats.FLEET, FleetMessage.watermark(partition(), streamTime), streamTime));
        return true;
    }

    private int partition() {
        return context.taskId().partition();
    }
}
