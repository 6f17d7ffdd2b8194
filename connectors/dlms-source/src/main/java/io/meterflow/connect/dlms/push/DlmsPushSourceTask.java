package io.meterflow.connect.dlms.push;

import io.meterflow.connect.dlms.push.apdu.RejectReason;
import io.meterflow.connect.dlms.push.config.DlmsPushSourceConfig;
import io.meterflow.connect.dlms.push.delivery.PushLedger;
import io.meterflow.connect.dlms.push.listener.ListenerSettings;
import io.meterflow.connect.dlms.push.listener.PushInterpreter;
import io.meterflow.connect.dlms.push.listener.PushListener;
import io.meterflow.connect.dlms.push.meter.PushInventory;
import io.meterflow.connect.dlms.push.meter.PushMeterDirectory;
import io.meterflow.connect.dlms.push.metrics.PushMetrics;
import io.meterflow.connect.dlms.push.record.PushRecords;
import io.meterflow.connect.support.handover.HandoverQueue;
import io.meterflow.connect.support.plugin.PluginVersion;
import io.meterflow.connect.support.thread.DaemonThreads;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One push listener: binds listen.port + task index, accepts pushes, hands their records to Connect and tells each
 * connection when Connect committed them ({@link #commitRecord}).
 */
public class DlmsPushSourceTask extends SourceTask {

    private static final Logger LOG = LoggerFactory.getLogger(DlmsPushSourceTask.class);
    /** Pushes (record groups) handed to Connect per poll. */
    private static final int MAX_PUSHES_PER_POLL = 500;

    /** Set by the connector: which of its tasks this is, so it binds listen.port + index. */
    public static final String TASK_INDEX_CONFIG = "task.index";

    private PushLedger ledger;
    private HandoverQueue<List<SourceRecord>> handover;
    private PushListener listener;
    private ScheduledExecutorService refresher;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        final DlmsPushSourceConfig config = new DlmsPushSourceConfig(props);
        final int index = Integer.parseInt(props.getOrDefault(TASK_INDEX_CONFIG, "0"));
        final String taskName = props.getOrDefault("name", "dlms-push") + "-" + index;
        final PushMeterDirectory directory = new PushMeterDirectory();
        loadMeters(config, directory);
        final PushRecords records = new PushRecords(config.readingsTopic(), config.intervalsTopic(),
                config.eventsTopic(), config.dlqTopic());
        handover = new HandoverQueue<>(config.queueCapacity(), MAX_PUSHES_PER_POLL, Duration.ofSeconds(1));
        final PushListener[] self = new PushListener[1];
        final PushMetrics metrics = new PushMetrics(context.pluginMetrics(),
                () -> self[0] == null ? 0 : self[0].openConnections(), directory::size);
        ledger = new PushLedger(this::committedCaptureTime, metrics::commitLatency);
        final ListenerSettings settings = new ListenerSettings(config.listenAddress(),
                config.listenPort() == 0 ? 0 : config.listenPort() + index, config.maxConnections(),
                config.idleTimeout(), config.frameTimeout(), config.maxApduBytes(), config.commitTimeout());
        listener = PushListener.start(settings, new PushInterpreter(directory, records, config.requireCiphering()),
                ledger, handover, (reason, message, peer, meterId, systemTitle, bytes, receivedAt) ->
                        deadLetter(records, taskName, reason, message, peer, meterId, systemTitle, bytes,
                                receivedAt), metrics);
        self[0] = listener;
    }

    private void loadMeters(DlmsPushSourceConfig config, PushMeterDirectory directory) {
        if (config.meterSource() == DlmsPushSourceConfig.MeterSourceKind.INLINE) {
            directory.replace(config.inlineMeters());
            return;
        }
        final PushInventory inventory = new PushInventory(config.inventory(), config.objectList());
        directory.replace(inventory.load());
        refresher = DaemonThreads.singleScheduled("dlms-push-inventory");
        final long every = config.inventory().refresh().toMillis();
        refresher.scheduleWithFixedDelay(() -> {
            try {
                directory.replace(inventory.load());
            } catch (RuntimeException e) {
                LOG.warn("Push meters not refreshed, the previous list stays: {}", e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    private Optional<Long> committedCaptureTime(String meterId) {
        final Map<String, Object> offset = context.offsetStorageReader().offset(PushRecords.partition(meterId));
        return offset != null && offset.get(PushRecords.OFFSET_CAPTURED_AT) instanceof Number n
                ? Optional.of(n.longValue()) : Optional.empty();
    }

    private void deadLetter(PushRecords records, String taskName, RejectReason reason, String message, String peer,
                            String meterId, String systemTitle, byte[] bytes, long receivedAt) {
        final Map<String, String> headers = new LinkedHashMap<>();
        headers.put(DeadLetterHeaders.REASON, reason.name());
        headers.put(DeadLetterHeaders.ERROR, message);
        headers.put(DeadLetterHeaders.PEER, peer);
        headers.put(DeadLetterHeaders.CONNECTOR, taskName);
        if (systemTitle != null) {
            headers.put(DeadLetterHeaders.SYSTEM_TITLE, systemTitle);
        }
        headers.put(DeadLetterHeaders.RECEIVED_AT, Long.toString(receivedAt));
        try {
            if (!handover.offer(List.of(records.deadLetter(taskName, meterId, bytes, receivedAt, headers)),
                    1, TimeUnit.SECONDS)) {
                LOG.warn("Dead letter from {} ({}) dropped: Connect is behind", peer, reason);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The port the listener is bound to (listen.port + task index, or the one the OS gave for listen.port=0). */
    public int listenPort() {
        return listener.port();
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        final List<List<SourceRecord>> pushes = handover.poll();
        if (pushes.isEmpty()) {
            return null;
        }
        final List<SourceRecord> batch = new ArrayList<>();
        pushes.forEach(batch::addAll);
        return batch;
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        ledger.committed(record);
    }

    @Override
    public void stop() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
        if (listener != null) {
            listener.close();
        }
    }
}
