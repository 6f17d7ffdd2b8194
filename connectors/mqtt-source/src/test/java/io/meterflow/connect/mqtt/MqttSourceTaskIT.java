package io.meterflow.connect.mqtt;

import io.meterflow.connect.mqtt.config.MqttSourceConfig;
import io.meterflow.connect.mqtt.support.StandaloneTaskContext;
import io.meterflow.connect.mqtt.support.Telemetry;
import io.meterflow.connect.mqtt.support.TestPublisher;
import io.meterflow.schema.Reading;
import io.meterflow.schema.serde.MeterFlowJson;
import io.meterflow.testing.mqtt.MosquittoBroker;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The task against a real Mosquitto, driven the way a Connect worker drives it (poll, commitRecord, stop), so
 * acknowledgements can be withheld on purpose: what the broker redelivers shows what was acknowledged.
 */
class MqttSourceTaskIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    Path dir;
    private MosquittoBroker broker;
    private final List<Running> running = new ArrayList<>();

    @BeforeEach
    void startBroker() {
        broker = MosquittoBroker.start(dir.resolve("broker"));
    }

    @AfterEach
    void stopAll() {
        running.forEach(Running::close);
        broker.close();
    }

    @Test
    void aMessageIsAcknowledgedToTheBrokerOnlyAfterKafkaTookItsRecord() {
        final Map<String, String> config = config("ack-it", Map.of());
        final Running first = start(config);
        try (TestPublisher publisher = new TestPublisher(broker.uri(), "ack-it-publisher")) {
            for (long ts = 1; ts <= 5; ts++) {
                publisher.publish(Telemetry.topic("m-1"), Telemetry.payload(ts));
            }
            final List<SourceRecord> records = first.pollAtLeast(5);
            first.task.commitRecord(records.get(0), null);
            first.task.commitRecord(records.get(1), null);
            Awaitility.await().atMost(WAIT).until(() -> first.context.metric("unacked-messages") == 3);
            first.close();

            final Running second = start(config);
            publisher.publish(Telemetry.topic("m-1"), Telemetry.payload(6));
            final List<Long> redelivered = second.pollAtLeast(4).stream().map(MqttSourceTaskIT::meterTime).toList();

            assertThat(redelivered).as("messages 1 and 2 were acknowledged after their commit; 3-5 were not")
                    .containsExactly(3L, 4L, 5L, 6L);
        }
    }

    @Test
    void aFullQueueHoldsBackTheBrokerAndLosesNothing() {
        final Running task = start(config("backpressure-it", Map.of(MqttSourceConfig.QUEUE_CAPACITY_CONFIG, "10")));
        try (TestPublisher publisher = new TestPublisher(broker.uri(), "backpressure-it-publisher")) {
            for (long ts = 1; ts <= 300; ts++) {
                publisher.publish(Telemetry.topic("m-2"), Telemetry.payload(ts));
            }
            publisher.awaitAllAcknowledged(WAIT);
            Awaitility.await().atMost(WAIT).until(() -> task.context.metric("queued-messages") == 10);

            final List<SourceRecord> records = new ArrayList<>();
            Awaitility.await().atMost(WAIT).until(() -> {
                final List<SourceRecord> batch = task.task.poll();
                if (batch != null) {
                    records.addAll(batch);
                    batch.forEach(r -> task.task.commitRecord(r, null));
                    assertThat(task.context.metric("queued-messages")).isLessThanOrEqualTo(10);
                }
                return records.size() >= 300;
            });

            assertThat(records.stream().map(MqttSourceTaskIT::meterTime).toList())
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 300).boxed().toList());
            assertThat(task.context.metric("messages-total")).isEqualTo(300);
        }
    }

    @Test
    void theSessionReconnectsAndResubscribesAfterABrokerRestart() {
        final Running task = start(config("restart-it", Map.of()));
        try (TestPublisher publisher = new TestPublisher(broker.uri(), "restart-it-publisher")) {
            broker.restart();
            publisher.publish(Telemetry.topic("m-3"), Telemetry.payload(42));

            assertThat(task.pollAtLeast(1)).extracting(MqttSourceTaskIT::meterTime).containsExactly(42L);
            assertThat(task.context.metric("reconnects-total")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void anotherClientWithTheSameClientIdFailsTheTaskWithAMessageInsteadOfAReconnectWar() throws Exception {
        final Running task = start(config("takeover-it", Map.of(MqttSourceConfig.RECONNECT_BACKOFF_INITIAL_CONFIG, "200")));
        final MqttAsyncClient rogue = new MqttAsyncClient(broker.uri(), "takeover-it-0", new MemoryPersistence());
        final MqttConnectOptions options = new MqttConnectOptions();
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(300);
        options.setCleanSession(false);
        try {
            rogue.connect(options).waitForCompletion(10_000);
            final AtomicReference<Exception> failure = new AtomicReference<>();
            Awaitility.await().atMost(WAIT).until(() -> {
                try {
                    task.task.poll();
                    return false;
                } catch (ConnectException e) {
                    failure.set(e);
                    return true;
                }
            });

            assertThat(failure.get()).hasMessageContaining("MQTT client id 'takeover-it-0' is taken over")
                    .hasMessageContaining("another client connects with the same client id");
            assertThat(task.context.metric("takeovers-total")).isEqualTo(1);
        } finally {
            rogue.disconnectForcibly(1_000, 1_000);
            rogue.close(true);
        }
    }

    private Map<String, String> config(String name, Map<String, String> extra) {
        final Map<String, String> props = new HashMap<>(Map.of("name", name,
                MqttSourceConfig.SERVER_URIS_CONFIG, broker.uri()));
        props.putAll(extra);
        final MqttSourceConnector connector = new MqttSourceConnector();
        connector.start(props);
        return connector.taskConfigs(1).get(0);
    }

    private Running start(Map<String, String> config) {
        final Running r = new Running(config);
        running.add(r);
        return r;
    }

    private static long meterTime(SourceRecord record) {
        try {
            return MeterFlowJson.mapper().readValue((byte[]) record.value(), Reading.class).meterTime();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A task as a worker runs it. */
    private static final class Running implements AutoCloseable {
        final MqttSourceTask task = new MqttSourceTask();
        final StandaloneTaskContext context;
        private boolean closed;

        Running(Map<String, String> config) {
            context = new StandaloneTaskContext(config);
            task.initialize(context);
            task.start(config);
            // The first connection creates the persistent session; what is published before it is not for us.
            Awaitility.await("session connected").atMost(WAIT).until(() -> context.metric("connected-sessions") == 1);
        }

        List<SourceRecord> pollAtLeast(int count) {
            final List<SourceRecord> records = new ArrayList<>();
            Awaitility.await("at least " + count + " records").atMost(WAIT).until(() -> {
                final List<SourceRecord> batch = task.poll();
                if (batch != null) {
                    records.addAll(batch);
                }
                return records.size() >= count;
            });
            return records;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                task.stop();
                context.close();
            }
        }
    }
}
