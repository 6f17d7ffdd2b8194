package io.meterflow.bench.mqtt;

import io.meterflow.kafka.embedded.ConnectRestClient;
import io.meterflow.kafka.embedded.EmbeddedConnectWorker;
import io.meterflow.kafka.embedded.EmbeddedKafkaBroker;
import io.meterflow.testing.mqtt.MosquittoBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Messages/s from Mosquitto into Kafka at QoS 1: the MQTT source connector (one task, the packaged plugin on a
 * real Connect worker) against a bare Paho subscriber (QoS 1, Paho's automatic acks, a counting callback), each
 * draining the same backlog from the same broker in the same run. Both are measured from 10 % to 90 % of the
 * backlog. One round per Mosquitto {@code max_inflight_messages} value in {@code mqtt.bench.inflight}.
 */
public final class MqttThroughputBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(MqttThroughputBenchmark.class);
    private static final long DRAIN_TIMEOUT_MS = Duration.ofMinutes(5).toMillis();
    /** The connector's default mqtt.sessions (MqttSourceConfig.SESSIONS_DEFAULT), used when the run does not set it. */
    private static final int DEFAULT_SESSIONS = 4;

    private MqttThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        final int messages = Integer.getInteger("mqtt.bench.messages", 200_000);
        final Path pluginPath = Path.of(System.getProperty("mqtt.bench.plugin.path",
                "connectors/mqtt-source/target/plugin")).toAbsolutePath().normalize();
        if (!Files.isDirectory(pluginPath.resolve("meterflow-mqtt-source"))) {
            throw new IllegalStateException("No plugin in " + pluginPath + ": build connectors/mqtt-source first");
        }
        final List<String> results = new ArrayList<>();
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().start();
             EmbeddedConnectWorker worker = EmbeddedConnectWorker.builder(kafka.bootstrapServers())
                     .groupId("mqtt-bench").pluginPath(pluginPath).start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            // A round left out first: the connector's first drain otherwise runs while the JIT compiles its code, the
            // Connect worker's and the producer's (compiler threads had half of the JVM's CPU samples in it), which
            // the bare subscriber, one small class on a warm Paho, hardly pays. Both sides get the same round.
            final int warmUp = Integer.getInteger("mqtt.bench.warmup.messages", 200_000);
            if (warmUp > 0) {
                final Path dir = Files.createTempDirectory("mqtt-bench-warmup");
                try (MosquittoBroker broker = MosquittoBroker.start(dir, 10_000_000, 20)) {
                    final double paho = bareSubscriber(broker, warmUp);
                    final double connector = connector(broker, worker.rest(), admin, warmUp, "warmup");
                    LOG.info("Warm-up round (left out), {} messages: bare Paho subscriber {} msg/s, connector {} msg/s",
                            warmUp, Math.round(paho), Math.round(connector));
                }
            }
            for (String inflight : System.getProperty("mqtt.bench.inflight", "20,1000").split(",")) {
                final int maxInflight = Integer.parseInt(inflight.trim());
                final Path dir = Files.createTempDirectory("mqtt-bench-" + maxInflight);
                try (MosquittoBroker broker = MosquittoBroker.start(dir, 10_000_000, maxInflight)) {
                    final double paho = bareSubscriber(broker, messages);
                    final double connector = connector(broker, worker.rest(), admin, messages, String.valueOf(maxInflight));
                    final String line = String.format(
                            "max_inflight_messages=%d, mqtt.sessions=%s, %d messages: bare Paho subscriber %.0f msg/s, "
                                    + "MQTT source connector into Kafka %.0f msg/s, ratio %.2f", maxInflight,
                            System.getProperty("mqtt.bench.sessions", "").isBlank() ? "default" : System.getProperty("mqtt.bench.sessions").trim(), messages, paho, connector,
                            connector / paho);
                    LOG.info(line);
                    results.add(line);
                }
            }
        }
        System.out.println();
        System.out.println("MQTT throughput benchmark (" + Runtime.getRuntime().availableProcessors() + " cores)");
        results.forEach(System.out::println);
        System.exit(0);
    }

    /** The baseline: a persistent QoS 1 session drained by Paho with its automatic acks and a counting callback. */
    private static double bareSubscriber(MosquittoBroker broker, int messages) throws Exception {
        final AtomicLong received = new AtomicLong();
        final MqttAsyncClient client = new MqttAsyncClient(broker.uri(), "bench-baseline", new MemoryPersistence());
        final MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                LOG.warn("baseline subscriber lost its connection: {}", cause.toString());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.incrementAndGet();
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        client.connect(options).waitForCompletion();
        client.subscribe("paho/+/telemetry", 1).waitForCompletion();
        client.disconnect().waitForCompletion();
        Backlog.publish(broker.uri(), "paho", messages);
        LOG.info("Baseline: {} messages queued for the bare Paho subscriber", messages);
        client.connect(options).waitForCompletion();
        final double rate = Throughput.measure(received::get, messages, DRAIN_TIMEOUT_MS);
        client.disconnect().waitForCompletion();
        client.close();
        return rate;
    }

    /** The connector drains the same backlog into Kafka; progress is the topic's end offset. */
    private static double connector(MosquittoBroker broker, ConnectRestClient rest, Admin admin, int messages,
                                    String round) throws Exception {
        final String name = "bench-" + round;
        final String topic = "bench-readings-" + round;
        admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1), new NewTopic(topic + "-dlq", 1, (short) 1)))
                .all().get();
        final Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.meterflow.connect.mqtt.MqttSourceConnector");
        config.put("tasks.max", "1");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("mqtt.server.uris", broker.uri());
        config.put("mqtt.topics", "connector/+/telemetry");
        config.put("mqtt.meter.id.topic.template", "connector/{meterId}/telemetry");
        config.put("mqtt.kafka.topic", topic);
        config.put("mqtt.dlq.topic", topic + "-dlq");
        // Unset: the connector's default number of sessions, all in the one task.
        final String sessions = System.getProperty("mqtt.bench.sessions");
        if (sessions != null && !sessions.isBlank()) {
            config.put("mqtt.sessions", sessions.trim());
        }
        // First run creates the persistent sessions (client ids bench-<round>-<n>) that will hold the backlog: all of
        // them, or the shared subscription spreads the backlog over fewer sessions than the connector drains with.
        final int sessionCount = sessions == null || sessions.isBlank() ? DEFAULT_SESSIONS : Integer.parseInt(sessions.trim());
        rest.putConnector(name, config);
        rest.awaitRunning(name, 1, Duration.ofMinutes(2));
        for (int n = 0; n < sessionCount; n++) {
            awaitSession(broker, name + "-" + n);
        }
        rest.delete(name);
        Backlog.publish(broker.uri(), "connector", messages);
        LOG.info("Connector: {} messages queued for sessions {}-0..{}", messages, name, sessionCount - 1);
        rest.putConnector(name, config);
        final List<TopicPartition> partitions = IntStream.range(0, 3).mapToObj(p -> new TopicPartition(topic, p)).toList();
        final double rate = Throughput.measure(() -> endOffsets(admin, partitions), messages, DRAIN_TIMEOUT_MS);
        rest.delete(name);
        return rate;
    }

    private static void awaitSession(MosquittoBroker broker, String clientId) throws Exception {
        final long deadline = System.currentTimeMillis() + 60_000;
        while (!Files.readString(broker.log()).contains("as " + clientId + " ")) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("session " + clientId + " never connected; see " + broker.log());
            }
            Thread.sleep(50);
        }
    }

    private static long endOffsets(Admin admin, List<TopicPartition> partitions) {
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        try {
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
