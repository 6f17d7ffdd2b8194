package io.meterflow.connect.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.connect.mqtt.config.MqttSourceConfig;
import io.meterflow.connect.mqtt.support.ConnectorFixture;
import io.meterflow.connect.mqtt.support.TaskStateWatch;
import io.meterflow.connect.mqtt.support.Telemetry;
import io.meterflow.kafka.embedded.EmbeddedConnectWorker;
import io.meterflow.schema.serde.MeterFlowJson;
import io.meterflow.testing.connect.ConnectWorkerProcess;
import io.meterflow.testing.kafka.KafkaExtension;
import io.meterflow.testing.kafka.KafkaTestCluster;
import io.meterflow.testing.mqtt.MosquittoBroker;
import io.meterflow.testing.mqtt.QosOnePublisher;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No accepted message is lost: a QoS 1 stream runs while (a) the Connect worker is SIGKILLed and another takes
 * over, (b) the Mosquitto broker restarts, (c) tasks.max goes from 3 to 2, back to 3 and to 2 again. Every message
 * the broker accepted is in meter-readings at least once. The connector runs with its default session settings: the
 * fixed set of persistent sessions moves between tasks and none is left without an owner.
 * <p>
 * The publisher pauses around the broker restart, until the connector's sessions are back: Mosquitto 2.0 does not
 * restore shared subscriptions from its persistence file, so it drops every message published after a restart until
 * a session of the group subscribes again (docs/mqtt.md, "Broker settings"). That loss is the broker's, and no
 * subscriber can prevent it. What the broker had queued and in flight for the sessions at the restart is tested.
 * The restart also waits until the new worker's sessions are connected: in one run, Mosquitto restarted while three
 * sessions were connecting lost what it had queued for them, which the connector cannot prevent either.
 * {@code -Dmeterflow.mqtt.noloss.messages=} changes the size.
 */
@ExtendWith(KafkaExtension.class)
class MqttNoLossIT {

    private static final Logger LOG = LoggerFactory.getLogger(MqttNoLossIT.class);
    private static final int MESSAGES = Integer.getInteger("meterflow.mqtt.noloss.messages", 100_000);
    /** The publisher spreads the stream over this time so that every disruption hits it mid-flow. */
    private static final Duration STREAM = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final String CONNECTOR = "noloss";
    private static final String READINGS = "noloss-readings";
    /** Worker logs outside the temporary directory, so a failed run can be read afterwards. */
    private static final Path LOGS = Path.of("target", "noloss-it");

    @TempDir
    Path dir;
    /** Watches the current worker: a FAILED task ends the test at once, with its trace. */
    private volatile TaskStateWatch watch;
    /** The publisher takes a permit for each message: the test holds it to pause the stream. */
    private final Semaphore publishing = new Semaphore(1);

    @Test
    void everyAcceptedMessageReachesKafkaThroughAWorkerCrashABrokerRestartAndFewerTasks(KafkaTestCluster kafka)
            throws Exception {
        kafka.createTopics(3, READINGS, "noloss-dlq");
        Files.createDirectories(LOGS);
        final Map<String, String> config = ConnectorFixture.config("", READINGS, "noloss-dlq", 3, Map.of());
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), 10_000_000, 100);
             QosOnePublisher publisher = new QosOnePublisher(broker.uri(), "noloss-publisher")) {
            config.put(MqttSourceConfig.SERVER_URIS_CONFIG, broker.uri());
            final EmbeddedConnectWorker.Builder workerSpec = ConnectorFixture.worker(kafka.bootstrapServers(), "noloss");
            ConnectWorkerProcess worker = ConnectorFixture.startWorker(workerSpec, LOGS.resolve("worker-1.log"));
            try {
                worker.rest().putConnector(CONNECTOR, config);
                worker.rest().awaitRunning(CONNECTOR, 3, WAIT);
                watch = TaskStateWatch.start(worker.rest(), CONNECTOR);
                awaitSessionsConnected(LOGS.resolve("worker-1.log"), MqttSourceConfig.SESSIONS_DEFAULT);

                final AtomicLong published = new AtomicLong();
                final CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> publish(publisher, published));

                awaitPublished(published, MESSAGES / 5);
                LOG.info("(a) SIGKILL the Connect worker after {} messages", published.get());
                watch.close();
                worker.kill();
                worker = ConnectorFixture.startWorker(workerSpec, LOGS.resolve("worker-2.log"));
                worker.rest().awaitRunning(CONNECTOR, 3, WAIT);
                watch = TaskStateWatch.start(worker.rest(), CONNECTOR);

                awaitPublished(published, MESSAGES * 2 / 5);
                // Restarted while sessions were connecting, Mosquitto was seen to lose their queued messages.
                awaitSessionsConnected(LOGS.resolve("worker-2.log"), MqttSourceConfig.SESSIONS_DEFAULT);
                restartBrokerWithoutPublishing(broker, publisher, LOGS.resolve("worker-2.log"), published);

                awaitPublished(published, MESSAGES * 11 / 20);
                changeTasks(worker, config, 3, 2, published);
                awaitPublished(published, MESSAGES * 7 / 10);
                changeTasks(worker, config, 2, 3, published);
                // Down once more: going back up could otherwise hand a stranded session its owner again.
                awaitPublished(published, MESSAGES * 17 / 20);
                changeTasks(worker, config, 3, 2, published);

                Awaitility.await("the publisher done").atMost(WAIT).failFast(watch::assertNoTaskFailed)
                        .until(stream::isDone);
                stream.get();
                final BitSet seen = awaitEveryMessage(kafka, worker);
                assertThat(seen.cardinality()).isEqualTo(MESSAGES);
                final JsonNode status = worker.rest().status(CONNECTOR);
                assertThat(status.path("tasks").findValuesAsText("state")).containsOnly("RUNNING");
            } finally {
                if (watch != null) {
                    watch.close();
                }
                worker.close();
                Files.copy(broker.log(), LOGS.resolve("mosquitto.log"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Restarts Mosquitto with messages queued and in flight to the sessions, none published while it has no subscriber. */
    private void restartBrokerWithoutPublishing(MosquittoBroker broker, QosOnePublisher publisher, Path workerLog,
                                                AtomicLong published) throws Exception {
        publishing.acquire();
        try {
            publisher.awaitAllAcknowledged(WAIT);
            final int connectedBefore = count(workerLog, "connected to");
            LOG.info("(b) restart Mosquitto after {} messages", published.get());
            broker.restart();
            Awaitility.await("the connector's sessions connected again").atMost(WAIT)
                    .failFast(watch::assertNoTaskFailed)
                    .until(() -> count(workerLog, "connected to") >= connectedBefore + MqttSourceConfig.SESSIONS_DEFAULT);
        } finally {
            publishing.release();
        }
    }

    private static int count(Path log, String text) throws IOException {
        final String content = Files.readString(log);
        int count = 0;
        for (int at = content.indexOf(text); at >= 0; at = content.indexOf(text, at + 1)) {
            count++;
        }
        return count;
    }

    private static void changeTasks(ConnectWorkerProcess worker, Map<String, String> config, int from, int to,
                                    AtomicLong published) {
        LOG.info("(c) tasks.max {} -> {} after {} messages", from, to, published.get());
        config.put("tasks.max", String.valueOf(to));
        worker.rest().putConnector(CONNECTOR, config);
        worker.rest().awaitRunning(CONNECTOR, to, WAIT);
    }

    /** Publishes ts = 1..MESSAGES over {@link #STREAM}, each accepted by the broker (QoS 1 PUBACK) in the end. */
    private void publish(QosOnePublisher publisher, AtomicLong published) {
        final long start = System.nanoTime();
        final long nanosPerMessage = STREAM.toNanos() / MESSAGES;
        for (int ts = 1; ts <= MESSAGES; ts++) {
            publishing.acquireUninterruptibly();
            try {
                publisher.publish(Telemetry.topic("m-" + (ts % 100)), Telemetry.payload(ts));
            } finally {
                publishing.release();
            }
            published.set(ts);
            final long due = start + ts * nanosPerMessage;
            final long ahead = due - System.nanoTime();
            if (ahead > 0) {
                LockSupport.parkNanos(ahead);
            }
        }
        publisher.awaitAllAcknowledged(WAIT);
        LOG.info("Published {} messages in {} ms, all acknowledged by the broker", MESSAGES,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private void awaitPublished(AtomicLong published, long count) {
        Awaitility.await(count + " messages published").atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .failFast(watch::assertNoTaskFailed)
                .until(() -> published.get() >= count);
    }

    private static void awaitSessionsConnected(Path log, int sessions) {
        Awaitility.await(sessions + " MQTT sessions connected").atMost(WAIT).until(() -> {
            final String text = Files.readString(log);
            for (int s = 0; s < sessions; s++) {
                if (!text.contains("MQTT session " + CONNECTOR + "-" + s + " connected")) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Reads meter-readings until every ts 1..MESSAGES was seen; counts duplicates for the log. */
    private BitSet awaitEveryMessage(KafkaTestCluster kafka, ConnectWorkerProcess worker) {
        final BitSet seen = new BitSet(MESSAGES + 1);
        final long[] records = new long[1];
        final Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(READINGS).stream()
                    .map(p -> new TopicPartition(READINGS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            try {
                Awaitility.await("all " + MESSAGES + " messages in " + READINGS).atMost(WAIT)
                        .pollInterval(Duration.ofMillis(10))
                        .failFast(watch::assertNoTaskFailed)
                        .until(() -> {
                            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                                seen.set((int) meterTime(record.value()));
                                records[0]++;
                            }
                            return seen.cardinality() >= MESSAGES;
                        });
            } catch (ConditionTimeoutException e) {
                seen.set(0);
                LOG.error("{} messages missing, the first is ts {}; connector status {}", MESSAGES + 1 - seen.cardinality(),
                        seen.nextClearBit(1), worker.rest().status(CONNECTOR));
                throw e;
            }
        }
        LOG.info("{} messages arrived as {} records ({} redelivered duplicates)", MESSAGES, records[0],
                records[0] - MESSAGES);
        seen.clear(0);
        return seen;
    }

    private static long meterTime(byte[] json) {
        try {
            return MeterFlowJson.mapper().readTree(json).path("meterTime").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
