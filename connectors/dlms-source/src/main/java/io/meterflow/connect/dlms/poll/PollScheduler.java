package io.meterflow.connect.dlms.poll;

import io.meterflow.connect.dlms.backfill.Backfill;
import io.meterflow.connect.dlms.config.DlmsSourceConfig;
import io.meterflow.connect.dlms.meter.MeterDefinition;
import io.meterflow.connect.dlms.metrics.DlmsTaskMetrics;
import io.meterflow.connect.dlms.record.MeterRecords;
import io.meterflow.connect.support.thread.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Runs the poll cycles of a task's meters on {@code max.concurrent.polls} threads. Each meter's first cycle is
 * offset by a phase derived from its id, so meters spread over the interval; later cycles keep their rhythm
 * (due time + interval), and a meter that fell more than an interval behind skips to now. The cycles of meters
 * behind one HDLC gateway run one at a time ({@link GatewayLanes}).
 */
public final class PollScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(PollScheduler.class);

    private final ScheduledThreadPoolExecutor executor;
    private final GatewayLanes lanes;
    private final MeterConnector connector;
    private final DlmsTaskMetrics metrics;
    private final LongSupplier clock;
    private final List<MeterPoller> pollers = new ArrayList<>();
    private volatile boolean closed;

    private PollScheduler(ScheduledThreadPoolExecutor executor, GatewayLanes lanes, MeterConnector connector,
                          DlmsTaskMetrics metrics, LongSupplier clock) {
        this.executor = executor;
        this.lanes = lanes;
        this.connector = connector;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @param committedProfileOffsets last committed capture time per meter id (absent: none stored)
     * @param committedInvocationCounters highest persisted HLS invocation counter per meter id (absent: none)
     * @param lastClockSyncs          time of the last committed clock-sync attempt per meter id (absent: none)
     * @param backfill                serves backfill requests in the meters' cycles; null when disabled
     */
    public static PollScheduler start(String name, DlmsSourceConfig config, List<MeterDefinition> meters,
                                      Map<String, Long> committedProfileOffsets,
                                      Map<String, Long> committedInvocationCounters, Map<String, Long> lastClockSyncs,
                                      RecordSink sink,
                                      DlmsTaskMetrics metrics, AtomicInteger openAssociations, Backfill backfill) {
        final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(config.maxConcurrentPolls(),
                DaemonThreads.numbered(name + "-poll"));
        executor.setRemoveOnCancelPolicy(true);
        final ExecutorService connectThreads = Executors.newCachedThreadPool(DaemonThreads.numbered(name + "-connect"));
        final GatewayLanes lanes = new GatewayLanes(executor);
        final MeterConnector connector = new MeterConnector(connectThreads,
                new ConnectionRateLimiter(config.connectionsPerSecond()), config.connectTimeout(),
                config.responseTimeout(), lanes);
        final LongSupplier clock = System::currentTimeMillis;
        final PollScheduler scheduler = new PollScheduler(executor, lanes, connector, metrics, clock);
        final PollSettings settings = PollSettings.from(config);
        final MeterRecords records = new MeterRecords(config.readingsTopic(), config.intervalsTopic(),
                config.clock().syncTopic());
        metrics.polling(meters.stream().map(MeterDefinition::meterId).toList());
        final long now = clock.getAsLong();
        for (MeterDefinition meter : meters) {
            final MeterPoller poller = new MeterPoller(meter, settings, connector, records, sink, metrics,
                    openAssociations, clock, committedProfileOffsets.get(meter.meterId()),
                    committedInvocationCounters.containsKey(meter.meterId())
                            ? OptionalLong.of(committedInvocationCounters.get(meter.meterId())) : OptionalLong.empty(),
                    lastClockSyncs.get(meter.meterId()), backfill);
            scheduler.pollers.add(poller);
            scheduler.schedule(poller, now + phase(meter.meterId(), poller.interval()));
        }
        LOG.info("{}: polling {} meters, at most {} at a time, {} behind {} HDLC gateways (one at a time each)", name,
                meters.size(), config.maxConcurrentPolls(), meters.stream().filter(m -> m.gateway().isPresent()).count(),
                meters.stream().flatMap(m -> m.gateway().stream()).distinct().count());
        return scheduler;
    }

    /** A stable offset within one interval, from the meter id. */
    static long phase(String meterId, Duration interval) {
        return Math.floorMod(meterId.hashCode() * 0x9E3779B1L, Math.max(1, interval.toMillis()));
    }

    private void schedule(MeterPoller poller, long dueAt) {
        if (closed) {
            return;
        }
        executor.schedule(() -> lanes.run(poller.meter(), () -> run(poller, dueAt)),
                Math.max(0, dueAt - clock.getAsLong()), TimeUnit.MILLISECONDS);
    }

    private void run(MeterPoller poller, long dueAt) {
        if (closed) {
            return;
        }
        final long started = clock.getAsLong();
        metrics.scheduleLag(started - dueAt);
        Duration delay = poller.interval();
        try {
            delay = poller.cycle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            LOG.error("Meter {}: poll cycle failed unexpectedly; polling continues", poller.meterId(), e);
        }
        long next = dueAt + delay.toMillis();
        final long now = clock.getAsLong();
        if (next < now - poller.interval().toMillis()) {
            next = now;
        }
        schedule(poller, next);
    }

    /** Lets running cycles finish (each writes its record), at most {@code grace}, then interrupts the rest. */
    public void close(Duration grace) {
        closed = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
                LOG.info("Poll cycles still running after {} ms were interrupted", grace.toMillis());
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        metrics.pollingStopped();
        pollers.forEach(MeterPoller::close);
        connector.close();
    }
}
