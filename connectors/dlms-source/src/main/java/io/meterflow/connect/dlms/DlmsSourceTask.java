package io.meterflow.connect.dlms;

import io.meterflow.connect.dlms.config.DlmsSourceConfig;
import io.meterflow.connect.dlms.config.DlmsSourceTaskConfig;
import io.meterflow.connect.dlms.meter.MeterDefinition;
import io.meterflow.connect.dlms.meter.MeterSource;
import io.meterflow.connect.dlms.metrics.DlmsTaskMetrics;
import io.meterflow.connect.dlms.poll.PollScheduler;
import io.meterflow.connect.dlms.record.MeterRecords;
import io.meterflow.connect.support.handover.HandoverQueue;
import io.meterflow.connect.support.plugin.PluginVersion;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Polls the meters the connector assigned to this task. Pollers put records into the bounded handover queue;
 * {@link #poll()} hands Connect what is there (at most 1,000), waiting at most a second.
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
        final Map<String, Long> offsets = config.profileEnabled()
                ? committedProfileOffsets(meters, config.profileObis()) : Map.of();
        scheduler = PollScheduler.start("dlms-task-" + Integer.toHexString(System.identityHashCode(this)), config,
                meters, offsets, this::enqueue, metrics, openAssociations);
    }

    private Map<String, Long> committedProfileOffsets(List<MeterDefinition> meters, String profileObis) {
        final List<Map<String, String>> partitions = meters.stream()
                .map(m -> MeterRecords.profilePartition(m.meterId(), profileObis)).toList();
        final Map<String, Long> offsets = new HashMap<>();
        context.offsetStorageReader().offsets(partitions).forEach((partition, offset) -> {
            if (offset != null && offset.get(MeterRecords.OFFSET_CAPTURED_AT) instanceof Number capturedAt) {
                offsets.put(String.valueOf(partition.get("meterId")), capturedAt.longValue());
            }
        });
        LOG.info("Resuming load profiles of {} meters from committed offsets", offsets.size());
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
        synchronized (this) {
            stopped = true;
            running = scheduler;
        }
        if (running != null) {
            running.close(STOP_GRACE);
        }
    }
}
