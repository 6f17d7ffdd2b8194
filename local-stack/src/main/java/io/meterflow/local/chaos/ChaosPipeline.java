package io.meterflow.local.chaos;

import io.meterflow.kafka.embedded.ConnectRestClient;
import io.meterflow.kafka.embedded.EmbeddedConnectWorker;
import io.meterflow.kafka.embedded.FreePorts;
import io.meterflow.local.LocalSetup;
import io.meterflow.schema.topic.MeterFlowTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The pipeline as separate processes, each of which the suite can kill and start again: the broker (on its data
 * directory), two Connect workers of one group, two streams-app instances (a third on demand), query-api, the
 * simulated fleet, Mosquitto, and PostgreSQL behind a {@link DatabaseProxy}. Every process logs into
 * {@code <run>/logs}.
 */
final class ChaosPipeline implements AutoCloseable {

    static final String STREAMS_APP_ID = "meterflow-streams-chaos";
    private static final Logger LOG = LoggerFactory.getLogger(ChaosPipeline.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final String API_KEY_NAME = "chaos-operator";
    /** streams-app's {@code estimation.max.gap}, as the suite sets it (the default) and the verifier judges it. */
    static final Duration ESTIMATION_MAX_GAP = Duration.ofHours(2);
    /**
     * The completeness ledger's timings, short enough for the re-read loop to finish many times within the run
     * (docs/data-quality.md has the defaults): a capture time (1 minute apart) counts as missing 90 s after it, a
     * request unanswered for 30 s (or answered without the row) is asked again after 5 s, 10 s, 20 s, 40 s: 5
     * attempts span over 225 s, longer than any recovery the suite allows (180 s), so a Connect worker's or the
     * broker's death gives up no range.
     */
    /** The first ranges are requested about 90 s after the first rows; then most of the time one is. */
    private static final Duration BACKFILL_WAIT = Duration.ofSeconds(150);
    private static final Map<String, String> LEDGER = Map.of(
            "ledger.allowed.lag", "PT90S",
            "ledger.punctuation.interval", "PT5S",
            "backfill.request.timeout", "PT30S",
            "backfill.retry.backoff", "PT5S",
            "backfill.retry.backoff.max", "PT1M",
            "backfill.max.attempts", "5",
            "estimation.max.gap", ESTIMATION_MAX_GAP.toString());

    private final ChaosOptions options;
    private final ChaosSecrets secrets;
    private final DatabaseProxy database;
    private final String dbName;
    private final int kafkaPort = FreePorts.onLoopback();
    private final int controllerPort = FreePorts.onLoopback();
    private final int mosquittoPort = FreePorts.onLoopback();
    private final int apiPort = FreePorts.onLoopback();
    private final List<Integer> connectPorts = List.of(FreePorts.onLoopback(), FreePorts.onLoopback());
    private final List<Integer> streamsPorts = List.of(FreePorts.onLoopback(), FreePorts.onLoopback(),
            FreePorts.onLoopback());
    private ChildProcess broker;
    private ChildProcess mosquitto;
    private ChildProcess simulator;
    private ChildProcess api;
    private final List<ChildProcess> connect = new ArrayList<>();
    private final List<ChildProcess> streams = new ArrayList<>();
    private boolean closed;

    private ChaosPipeline(ChaosOptions options, ChaosSecrets secrets) {
        this.options = options;
        this.secrets = secrets;
        this.database = DatabaseProxy.start("127.0.0.1", 5432);
        this.dbName = "mf_chaos_" + Long.toHexString(System.currentTimeMillis());
    }

    static ChaosPipeline start(ChaosOptions options, ChaosSecrets secrets) {
        final ChaosPipeline pipeline = new ChaosPipeline(options, secrets);
        try {
            pipeline.startAll();
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    private void startAll() {
        mosquitto = new ChildProcess("mosquitto", List.of(MosquittoConfig.EXECUTABLE, "-c",
                MosquittoConfig.write(options.runDir().resolve("mosquitto"), mosquittoPort).toString()), Map.of(),
                logs().resolve("mosquitto.out"));
        startMosquitto();
        broker = java("broker", "768m", List.of("io.meterflow.kafka.embedded.KafkaBrokerMain",
                options.runDir().resolve("kafka").toString(), String.valueOf(kafkaPort), String.valueOf(controllerPort),
                "log.retention.hours=48"), Map.of());
        startBroker();
        LocalSetup.topics(bootstrapServers());
        LocalSetup.database(database.hostPort(), dbName);
        simulator = new ChildProcess("simulator", List.of(ChildProcess.javaExecutable(), "-Xmx384m", "-jar",
                options.home().resolve("simulator/target/meterflow-simulator-0.1.0-SNAPSHOT-all.jar").toString(),
                "--scenario", ChaosScenario.write(options.runDir().resolve("scenario.yaml"), secrets).toString(),
                "--capture-period", "PT1M", "--profile-history-rows", "30",
                "--jdbc-url", jdbcUrl(), "--jdbc-user", "meterflow_simulator",
                "--mqtt-broker", mqttUri(), "--journal", journal().toString(), "--mqtt-resume-delay", "PT5S"),
                Map.of("MF_SIMULATOR_JDBC_PASSWORD", secrets.simulatorDbPassword()), logs().resolve("simulator.log"));
        simulator.start("SIMULATOR_READY", START_TIMEOUT);
        for (int i = 0; i < connectPorts.size(); i++) {
            connect.add(connectWorker(i));
        }
        inParallel(() -> startConnect(0), () -> startConnect(1));
        registerConnectors();
        for (int i = 0; i < 2; i++) {
            streams.add(streamsApp(i));
        }
        api = java("query-api", "256m", List.of("io.meterflow.api.QueryApiMain"), Map.of(
                "MF_API_JDBC_URL", jdbcUrl(), "MF_API_DB_USER", "meterflow_api",
                "MF_API_DB_PASSWORD", secrets.apiDbPassword(), "MF_API_PORT", String.valueOf(apiPort),
                "MF_API_MODE", "PRODUCTION", "MF_API_KEYS", API_KEY_NAME + ":" + secrets.apiKey(),
                "MF_API_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers()));
        inParallel(() -> startStreams(0), () -> startStreams(1), this::startApi);
    }

    /** JVM start-up dominates on a small machine: independent processes start side by side. */
    private static void inParallel(Runnable... starts) {
        final List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Runnable start : starts) {
            all.add(CompletableFuture.runAsync(start));
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    // --- what the faults do -------------------------------------------------------------------------------------

    void startMosquitto() {
        mosquitto.start(() -> Http.answersTcp(mosquittoPort), START_TIMEOUT);
    }

    ChildProcess mosquitto() {
        return mosquitto;
    }

    void startBroker() {
        broker.start("BROKER_READY", START_TIMEOUT);
    }

    ChildProcess broker() {
        return broker;
    }

    void startConnect(int i) {
        connect.get(i).start("CONNECT_READY", START_TIMEOUT);
    }

    ChildProcess connect(int i) {
        return connect.get(i);
    }

    int connectWorkers() {
        return connect.size();
    }

    void startStreams(int i) {
        final String health = "http://127.0.0.1:" + streamsPorts.get(i) + "/health";
        streams.get(i).start(() -> Http.answers(health), START_TIMEOUT);
    }

    ChildProcess streams(int i) {
        return streams.get(i);
    }

    /** Adds the third instance (the group rebalances onto it) and waits until it answers. */
    void addStreamsInstance() {
        if (streams.size() < 3) {
            streams.add(streamsApp(2));
        }
        startStreams(2);
    }

    /** Stops the third instance the way an operator scales in: SIGTERM, it leaves the group. */
    void removeStreamsInstance() {
        streams.get(2).stop(Duration.ofSeconds(40));
    }

    void startApi() {
        api.start(() -> Http.answers(apiUrl() + "/health"), START_TIMEOUT);
    }

    ChildProcess api() {
        return api;
    }

    DatabaseProxy database() {
        return database;
    }

    /**
     * Waits until the completeness ledger waits for a re-read (a range REQUESTED in its latest record), for up to
     * {@link #BACKFILL_WAIT}; returns those ranges, empty if there were none.
     */
    List<IntervalCheck.Requested> awaitRangesRequested() {
        final Instant deadline = Instant.now().plus(BACKFILL_WAIT);
        while (true) {
            final List<IntervalCheck.Requested> requested = IntervalCheck.requested(
                    IntervalCheck.Records.read(bootstrapServers(), MeterFlowTopics.COMPLETENESS));
            if (!requested.isEmpty() || Instant.now().isAfter(deadline)) {
                return requested;
            }
            Pause.of(Duration.ofSeconds(1));
        }
    }

    /**
     * Brings the pipeline to rest for the verifier: the fleet stops (SIGTERM: its journal is complete), the sources
     * pause once what the meters last served is in Kafka, and the streams-app instances stop (their alerts' silence
     * checks would otherwise keep writing), so only the sink still works, draining into the read model.
     */
    void quiesce() {
        simulator.stop(Duration.ofSeconds(20));
        Pause.of(Duration.ofSeconds(10));
        final ConnectRestClient rest = connectRest();
        for (String source : List.of(ChaosConnectors.DLMS, ChaosConnectors.MQTT)) {
            final ConnectRestClient.Response r = rest.send("PUT", "/connectors/" + source + "/pause", null);
            if (r.status() / 100 != 2) {
                throw new IllegalStateException("Cannot pause " + source + ": HTTP " + r.status() + " " + r.body());
            }
        }
        Pause.of(Duration.ofSeconds(5));
        streams.forEach(s -> s.stop(Duration.ofSeconds(40)));
    }

    // --- where things are ---------------------------------------------------------------------------------------

    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + database.hostPort() + "/" + dbName;
    }

    /** The read model for the verifier, straight to the server (not through the proxy the faults cut). */
    String directJdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:5432/" + dbName;
    }

    String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    String apiKey() {
        return secrets.apiKey();
    }

    String mqttUri() {
        return "tcp://127.0.0.1:" + mosquittoPort;
    }

    Path journal() {
        return options.runDir().resolve("journal.txt");
    }

    Path logs() {
        return options.runDir().resolve("logs");
    }

    ConnectRestClient connectRest() {
        for (int i = 0; i < connect.size(); i++) {
            if (connect.get(i).alive()) {
                return new ConnectRestClient(URI.create("http://127.0.0.1:" + connectPorts.get(i)));
            }
        }
        throw new IllegalStateException("no Connect worker is running");
    }

    /** Idempotent: the suite's end and its shutdown hook (Ctrl-C, SIGTERM) may both call it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        final List<ChildProcess> all = new ArrayList<>();
        all.add(simulator);
        all.add(api);
        all.addAll(streams);
        all.addAll(connect);
        all.add(broker);
        all.add(mosquitto);
        for (ChildProcess child : all) {
            if (child != null) {
                try {
                    child.stop(Duration.ofSeconds(30));
                } catch (RuntimeException e) {
                    LOG.warn("Stopping {} failed: {}", child.name(), e.toString());
                }
            }
        }
        database.close();
        LocalSetup.dropDatabase(dbName);
    }

    // --- how each process is made -------------------------------------------------------------------------------

    private void registerConnectors() {
        final ConnectRestClient rest = connectRest();
        final Map<String, Map<String, String>> connectors = ChaosConnectors.all(jdbcUrl(), mqttUri(),
                bootstrapServers());
        connectors.forEach(rest::putConnector);
        for (String name : connectors.keySet()) {
            rest.awaitRunning(name, ChaosConnectors.TASKS, Duration.ofSeconds(120));
        }
    }

    private ChildProcess connectWorker(int i) {
        final EmbeddedConnectWorker.Builder worker = EmbeddedConnectWorker.builder(bootstrapServers())
                .groupId("meterflow-chaos")
                .restPort(connectPorts.get(i))
                .workerProperty("config.providers", "env")
                .workerProperty("config.providers.env.class",
                        "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        LocalSetup.pluginDirectories(options.home()).forEach(worker::pluginPath);
        final List<String> args = new ArrayList<>(List.of("io.meterflow.kafka.embedded.ConnectWorkerMain"));
        worker.workerProperties().forEach((k, v) -> args.add(k + "=" + v));
        return java("connect-" + (i + 1), "640m", args, Map.of(
                ChaosConnectors.SINK_PASSWORD_ENV, secrets.sinkDbPassword(),
                ChaosConnectors.DLMS_PASSWORD_ENV, secrets.dlmsDbPassword()));
    }

    private ChildProcess streamsApp(int i) {
        final Map<String, String> s = new LinkedHashMap<>();
        s.put("bootstrap.servers", bootstrapServers());
        s.put("application.id", STREAMS_APP_ID);
        s.put("state.dir", options.runDir().resolve("streams-" + (i + 1)).toString());
        s.put("rules.file", options.home().resolve("streams-app/config/alert-rules.yaml").toString());
        s.put("validation.rules.file", options.home().resolve("streams-app/config/validation-rules.yaml").toString());
        s.put("http.host", "127.0.0.1");
        s.put("http.port", String.valueOf(streamsPorts.get(i)));
        s.put("error.stats.window.sizes", "PT1M");
        s.put("error.stats.grace", "PT10S");
        s.put("expected.interval.dlms", "PT10S");
        s.put("expected.interval.mqtt", "PT2S");
        LEDGER.forEach(s::put);
        final Map<String, String> env = new LinkedHashMap<>();
        s.forEach((key, value) -> env.put("METERFLOW_STREAMS_" + key.toUpperCase(java.util.Locale.ROOT)
                .replace('.', '_').replace('-', '_'), value));
        return java("streams-" + (i + 1), "384m", List.of("io.meterflow.streams.StreamsApp",
                options.home().resolve("streams-app/config/streams.properties").toString()), env);
    }

    /** A JVM on the suite's own class path (the local stack's runtime: broker, Connect, streams-app, query-api). */
    private ChildProcess java(String name, String heap, List<String> mainAndArgs, Map<String, String> env) {
        return ChildProcess.java(name, heap, mainAndArgs, env, logs());
    }

}
