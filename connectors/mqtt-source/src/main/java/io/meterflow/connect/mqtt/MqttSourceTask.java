package io.meterflow.connect.mqtt;

import io.meterflow.connect.mqtt.config.MqttSourceTaskConfig;
import io.meterflow.connect.mqtt.mapping.BadPayloadException;
import io.meterflow.connect.mqtt.mapping.PayloadMapper;
import io.meterflow.connect.mqtt.mapping.PayloadMappers;
import io.meterflow.connect.mqtt.metrics.MqttSourceMetrics;
import io.meterflow.connect.mqtt.record.MqttSourceRecord;
import io.meterflow.connect.mqtt.record.RecordFactory;
import io.meterflow.connect.mqtt.session.InboundMessage;
import io.meterflow.connect.mqtt.session.MqttSession;
import io.meterflow.connect.mqtt.session.SessionEvents;
import io.meterflow.connect.support.handover.HandoverQueue;
import io.meterflow.connect.support.plugin.PluginVersion;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Moves MQTT messages of the sessions this task owns into Kafka. A message is acknowledged to the broker only
 * after Kafka acknowledged every record made from it ({@link #commitRecord}), so a crash anywhere before that
 * makes the broker deliver it again: at least once, duplicates recognisable by (meterId, meterTime).
 */
public class MqttSourceTask extends SourceTask {

    private static final Logger LOG = LoggerFactory.getLogger(MqttSourceTask.class);

    private MqttSourceTaskConfig config;
    private HandoverQueue<InboundMessage> queue;
    private PayloadMapper mapper;
    private RecordFactory records;
    private MqttSourceMetrics metrics;
    private List<MqttSession> sessions = List.of();

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new MqttSourceTaskConfig(props);
        queue = new HandoverQueue<>(config.queueCapacity(), config.pollBatchMax(), config.pollTimeout());
        mapper = PayloadMappers.of(config);
        records = new RecordFactory(config.kafkaTopic(), config.dlqTopic(), config.connectorName());
        sessions = config.sessionNumbers().stream()
                .map(n -> new MqttSession(config, n, queue, new Events())).toList();
        metrics = new MqttSourceMetrics(context.pluginMetrics());
        metrics.gauge("unacked-messages", "Messages received but not yet acknowledged to the broker",
                () -> sessions.stream().mapToInt(MqttSession::unacknowledged).sum());
        metrics.gauge("queued-messages", "Messages waiting between the MQTT client and Kafka", () -> queue.size());
        metrics.gauge("connected-sessions", "MQTT sessions currently connected",
                () -> (int) sessions.stream().filter(MqttSession::isConnected).count());
        metrics.gauge("draining-sessions", "Sessions removed by lowering mqtt.sessions, delivering their queue",
                () -> (int) sessions.stream().filter(MqttSession::isDraining).count());
        metrics.gauge("drained-messages", "Messages the draining sessions received since the task started",
                () -> sessions.stream().filter(MqttSession::isDraining).mapToInt(MqttSession::received).sum());
        LOG.info("MQTT source task of {} starting sessions {} on {}, subscriptions {}", config.connectorName(),
                sessions.stream().map(MqttSession::clientId).toList(), config.serverUris(), config.subscriptions());
        sessions.forEach(MqttSession::start);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        final List<InboundMessage> batch = queue.poll();
        if (batch.isEmpty()) {
            return null;
        }
        final List<SourceRecord> out = new ArrayList<>(batch.size());
        long bytes = 0;
        for (InboundMessage message : batch) {
            out.addAll(toRecords(message));
            bytes += message.payload().length;
        }
        metrics.received(batch.size(), bytes);
        return out;
    }

    private List<MqttSourceRecord> toRecords(InboundMessage message) {
        List<MqttSourceRecord> result;
        try {
            result = List.of(records.reading(message, mapper.map(message.topic(), message.payload(), message.arrivalMs())));
        } catch (BadPayloadException e) {
            metrics.badPayload();
            LOG.debug("Unmappable payload on {} ({}): {}", message.topic(), message.clientId(), e.getMessage());
            result = records.unmappable(message, e);
        }
        message.delivery().expectRecords(result.size());
        return result;
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        if (record instanceof MqttSourceRecord mqtt) {
            mqtt.delivery().recordDone();
        }
    }

    /**
     * Connect may already have started this task's successor (after task.shutdown.graceful.timeout.ms), whose
     * sessions take over ours: so no session reconnects from the start of stop(), and they disconnect together.
     */
    @Override
    public void stop() {
        sessions.forEach(MqttSession::stopReconnecting);
        final List<Thread> closing = sessions.stream()
                .map(session -> new Thread(session::close, "mqtt-close-" + session.clientId())).toList();
        closing.forEach(Thread::start);
        for (Thread thread : closing) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    private final class Events implements SessionEvents {

        @Override
        public void connected(String clientId, boolean reconnect) {
            if (reconnect) {
                metrics.reconnected();
            }
        }

        @Override
        public void takeoverDetected(String clientId) {
            metrics.takeover();
        }

        @Override
        public void failed(String clientId, RuntimeException e) {
            LOG.error("MQTT session {} failed: {}", clientId, e.getMessage());
            queue.fail(e);
        }
    }
}
