package io.meterflow.streams;

import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.streams.alerts.AlertRules;
import io.meterflow.streams.config.StreamsAppConfig;
import io.meterflow.streams.config.StreamsAppConfigLoader;
import io.meterflow.streams.health.HealthServer;
import io.meterflow.streams.metrics.MicrometerTopologyMetrics;
import io.meterflow.streams.validation.ValidationRules;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The streams app as a component: build it from its configuration, {@link #start()}, {@link #close()}.
 * The local stack runs it in-process; {@link #main(String[])} runs it standalone.
 *
 * <p>The input topic {@code meter-readings} and the output topics must exist before start (Kafka Streams does not
 * create source topics, and we do not auto-create outputs: their partitions and retention are an operator's choice).
 */
public final class StreamsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

    private final StreamsAppConfig config;
    private final AlertRules rules;
    private final ValidationRules validationRules;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private JvmGcMetrics gcMetrics;
    private HealthServer http;

    /** Loads and validates the alert and validation rules now, so a broken rules file fails before anything starts. */
    public StreamsApp(StreamsAppConfig config) {
        this.config = config;
        this.rules = AlertRules.load(config.rulesFile());
        this.validationRules = MeterFlowTopology.validationRules(config);
    }

    public static StreamsApp fromFile(Path configFile) {
        return new StreamsApp(StreamsAppConfigLoader.load(configFile, System.getenv()));
    }

    public synchronized void start() {
        if (streams != null) {
            throw new IllegalStateException("already started");
        }
        final StreamsAppConfig resolved = config.inputPartitions() > 0 ? config
                : config.withInputPartitions(InputTopic.partitions(config));
        final Topology topology = MeterFlowTopology.buildTopology(resolved, rules, validationRules,
                new MicrometerTopologyMetrics(registry));
        LOG.debug("Topology:\n{}", topology.describe());
        streams = new KafkaStreams(topology, resolved.streamsProperties());
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Stream thread failed; shutting the app down (readiness and liveness turn red)", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> LOG.info("Kafka Streams {} -> {}", before, now));
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        if (config.httpPort() >= 0) {
            http = HealthServer.start(config.httpHost(), config.httpPort(), this::state, registry::scrape);
        }
        LOG.info("Starting streams app {} on {}: {} -> {}", config.applicationId(), config.bootstrapServers(),
                MeterFlowTopology.inputTopics(config).stream().map(t -> t.name()).toList(),
                MeterFlowTopology.outputTopics().stream().map(t -> t.name()).toList());
        streams.start();
    }

    public synchronized KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    /** The port of /health, /ready and /metrics, or -1 when disabled. */
    public synchronized int httpPort() {
        return http == null ? -1 : http.port();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Stops processing and leaves the consumer group, so a restart or another instance takes over at once. */
    @Override
    public synchronized void close() {
        if (streams != null) {
            LOG.info("Closing streams app {} (leaving the group)", config.applicationId());
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(config.closeTimeout()));
            streamsMetrics.close();
            gcMetrics.close();
            streams = null;
        }
        if (http != null) {
            http.close();
            http = null;
        }
        registry.close();
    }

    /** {@code java io.meterflow.streams.StreamsApp [config/streams.properties]}; environment overrides apply. */
    public static void main(String[] args) throws InterruptedException {
        final Path file = Path.of(args.length > 0 ? args[0] : "config/streams.properties");
        final StreamsApp app = StreamsApp.fromFile(Files.exists(file) || args.length > 0 ? file : null);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "streams-app-shutdown"));
        app.start();
        stopped.await();
    }
}
