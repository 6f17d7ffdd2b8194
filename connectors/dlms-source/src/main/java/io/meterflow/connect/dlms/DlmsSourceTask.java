package io.meterflow.connect.dlms;

import io.meterflow.connect.dlms.backfill.Backfill;
import io.meterflow.connect.dlms.backfill.RequestPositions;
import io.meterflow.connect.dlms.config.DlmsSourceConfig;
import io.meterflow.connect.dlms.config.DlmsSourceTaskConfig;
import io.meterflow.connect.dlms.meter.MeterDefinition;
import io.meterflow.connect.dlms.meter.MeterSource;
import io.meterflow.connect.dlms.metrics.DlmsTaskMetrics;
import io.meterflow.connect.dlms.poll.PollScheduler;
import io.meterflow.connect.dlms.record.MeterRecords;
import io.meterflow.connect.dlms.security.CounterOffsets;
import io.meterflow.connect.dlms.meter.AuthMechanism;
import io.meterflow.connect.support.handover.HandoverQueue;
import io.meterflow.connect.support.plugin.PluginVersion;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Polls the meters the connector assigned to this task. Pollers put records into the bounded handover queue;
 * {@link #poll()} hands Connect what is there (at most 1,000), waiting at most a second. With backfill enabled the task
 * also reads the backfill requests for its meters (see {@link Backfill}) and its pollers serve them.
 */
public class DlmsSourceTask extends SourceTask {

    private static final Logger LOG = LoggerFactory.getLogger(DlmsSourceTask.class);
    private static final int MAX_BATCH = 1_000;
    private static final Duration POLL_WAIT = Duration.ofSeconds(1);

    private DlmsSourceTaskConfig config;
    private HandoverQueue<SourceRecord> handover;
    private DlmsTaskMetrics metrics;
    private AtomicInteger openAssociations;
    private volatile MeterListRetry retry;
    private PollScheduler scheduler;
    private Backfill backfill;
    private boolean stopped;
    /**
     * Records of cycles still running after stop() are never polled, so waiting long for them buys nothing and would
     * exceed Connect's task.shutdown.graceful.timeout.ms (5 s); unfinished cycles leave no offset behind.
     */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new DlmsSourceTaskConfig(props);
        handover = new HandoverQueue<>(config.queueCapacity(), MAX_BATCH, POLL_WAIT);
        final AtomicInteger openAssociations = new AtomicInteger();
        metrics = new DlmsTaskMetrics(context.pluginMetrics(), openAssociations::get);
        this.openAssociations = openAssociations;
        final MeterSource source = MeterSource.of(config);
        final List<MeterDefinition> loaded;
        try {
            loaded = source.load();
        } catch (ConnectException e) {
            if (config.meterSource() != DlmsSourceConfig.MeterSourceKind.INVENTORY) {
                throw e;
            }
            retry = MeterListRetry.after(e, source, this::startPolling, failed -> handover.fail(
                    new ConnectException("DLMS task could not start polling: " + failed.getMessage(), failed)));
            return;
        }
        startPolling(loaded);
    }

    private synchronized void startPolling(List<MeterDefinition> all) {
        if (stopped) {
            return;
        }
        final Set<String> assigned = new HashSet<>(config.assignedMeterIds());
        final List<MeterDefinition> meters = all.stream().filter(m -> assigned.contains(m.meterId())).toList();
        if (meters.size() < assigned.size()) {
            LOG.info("{} of {} assigned meters are no longer in the meter list; the connector reassigns shortly",
                    assigned.size() - meters.size(), assigned.size());
        }
        // One read of the offset store for both kinds (in a worker each read is a round trip to the offsets topic).
        final Map<Map<String, String>, Map<String, Object>> committed = committedOffsets(meters);
        final Map<String, Long> offsets = offsetsOf(committed, MeterRecords.OFFSET_CAPTURED_AT);
        LOG.info("Resuming load profiles of {} meters from committed offsets", offsets.size());
        final Map<String, Long> lastClockSyncs = offsetsOf(committed, MeterRecords.OFFSET_SYNC_AT);
        final Map<String, Long> invocationCounters = offsetsOf(committed, CounterOffsets.OFFSET_INVOCATION_COUNTER);
        LOG.info("Persisted invocation counters found for {} HLS meters", invocationCounters.size());
        final String name = "dlms-task-" + Integer.toHexString(System.identityHashCode(this));
        if (config.backfill().enabled() && config.profileEnabled() && !meters.isEmpty()) {
            backfill = Backfill.start(name, config.backfill(), config.intervalsTopic(),
                    meters.stream().map(MeterDefinition::meterId).collect(Collectors.toSet()), committed, metrics,
                    failure -> handover.fail(new ConnectException("DLMS task cannot read backfill requests from "
                            + config.backfill().requestsTopic() + ": " + failure.getMessage(), failure)));
        }
        scheduler = PollScheduler.start(name, config, meters, offsets, invocationCounters, lastClockSyncs,
                this::enqueue, metrics, openAssociations, backfill);
    }

    /**
     * The committed offsets of the meters' profile partitions, where clocks may be set their clock-sync partitions,
     * for HLS meters their reading partitions (which carry the highest invocation counter used), and with backfill
     * their backfill partitions (which carry how far their backfill requests are answered).
     */
    private Map<Map<String, String>, Map<String, Object>> committedOffsets(List<MeterDefinition> meters) {
        final List<Map<String, String>> partitions = new ArrayList<>();
        for (MeterDefinition meter : meters) {
            if (config.profileEnabled()) {
                partitions.add(MeterRecords.profilePartition(meter.meterId(), config.profileObis()));
            }
            if (meter.clockSync(config.clock().syncEnabled())) {
                partitions.add(MeterRecords.clockSyncPartition(meter.meterId()));
            }
            if (meter.auth() == AuthMechanism.HLS5_GMAC) {
                partitions.add(MeterRecords.readingPartition(meter.meterId()));
            }
            if (config.backfill().enabled()) {
                partitions.add(RequestPositions.partition(meter.meterId()));
            }
        }
        return partitions.isEmpty() ? Map.of() : context.offsetStorageReader().offsets(partitions);
    }

    /** The offset field {@code key} per meter id, from the partitions whose offsets carry it. */
    private static Map<String, Long> offsetsOf(Map<Map<String, String>, Map<String, Object>> committed, String key) {
        final Map<String, Long> offsets = new HashMap<>();
        committed.forEach((partition, offset) -> {
            if (offset != null && offset.get(key) instanceof Number value) {
                offsets.put(partition.get("meterId"), value.longValue());
            }
        });
        return offsets;
    }

    private void enqueue(SourceRecord record) throws InterruptedException {
        handover.put(record); // waits while Connect is behind; stop() interrupts it after the grace period
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        final List<SourceRecord> batch = handover.poll();
        return batch.isEmpty() ? null : batch;
    }

    @Override
    public void stop() {
        if (retry != null) {
            retry.close();
        }
        final PollScheduler running;
        final Backfill requests;
        synchronized (this) {
            stopped = true;
            running = scheduler;
            requests = backfill;
        }
        if (running != null) {
            running.close(STOP_GRACE);
        }
        if (requests != null) {
            requests.close(); // requests taken but not answered are read again by the next task (position not moved)
        }
    }
}
