package io.meterflow.bench.e2e;

import io.meterflow.kafka.embedded.ConnectRestClient;
import io.meterflow.kafka.embedded.EmbeddedConnectWorker;
import io.meterflow.kafka.embedded.FreePorts;
import io.meterflow.local.LocalSetup;
import io.meterflow.local.chaos.ChaosConnectors;
import io.meterflow.local.chaos.ChildProcess;
import io.meterflow.local.chaos.Http;
import io.meterflow.local.chaos.MosquittoConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The pipeline under load, every component in its own OS process so that each has its own CPU time and RSS: the
 * Kafka broker, Mosquitto, the simulated DLMS fleet (SimulatorMain from the simulator's jar), {@code instances}
 * Connect workers of one group running the three packaged plugins, {@code instances} streams-app instances, and
 * query-api. The read model is a fresh database on the local PostgreSQL, dropped at the end. Logs go to
 * {@code <runDir>/logs}.
 */
final class Pipeline implements AutoCloseable {

    static final String STREAMS_APP_ID = "meterflow-streams-e2e";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    private final BenchmarkOptions options;
    private final String dbName = "mf_e2e_" + Long.toHexString(System.currentTimeMillis());
    private final int kafkaPort = FreePorts.belowEphemeralRange(2);
    private final int mosquittoPort = FreePorts.belowEphemeralRange(1);
    private final int apiPort = FreePorts.belowEphemeralRange(1);
    private final Map<String, ChildProcess> processes = new LinkedHashMap<>();

    private Pipeline(BenchmarkOptions options) {
        this.options = options;
    }

    static Pipeline start(BenchmarkOptions options) {
        final Pipeline pipeline = new Pipeline(options);
        Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close, "e2e-pipeline-stop"));
        try {
            pipeline.startAll();
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    private void startAll() {
        final ChildProcess mosquitto = add(new ChildProcess("mosquitto", List.of(MosquittoConfig.EXECUTABLE, "-c",
                DeployedMosquittoConfig.write(options.home(), options.runDir().resolve("mosquitto"), mosquittoPort,
                        options.chaosMosquitto()).toString()), Map.of(),
                logs().resolve("mosquitto.out")));
        mosquitto.start(() -> Http.answersTcp(mosquittoPort), START_TIMEOUT);
        add(java("broker", "1g", List.of("io.meterflow.kafka.embedded.KafkaBrokerMain",
                options.runDir().resolve("kafka").toString(), String.valueOf(kafkaPort), String.valueOf(kafkaPort + 1),
                "log.retention.hours=6"), Map.of()))
                .start("BROKER_READY", START_TIMEOUT);
        LocalSetup.topics(bootstrapServers());
        LocalSetup.database("127.0.0.1:5432", dbName);
        add(new ChildProcess("simulator", List.of(ChildProcess.javaExecutable(), "-Xmx1g", "-jar", simulatorJar().toString(),
                "--scenario", writeScenario().toString(), "--profile-history-rows", "4",
                "--jdbc-url", jdbcUrl(), "--jdbc-user", "meterflow_simulator", "--mqtt-broker", mqttUri()), Map.of(),
                logs().resolve("simulator.log"))).start("SIMULATOR_READY", START_TIMEOUT);
        final List<Runnable> starts = new ArrayList<>();
        for (int i = 1; i <= options.instances(); i++) {
            final ChildProcess worker = add(connectWorker(i));
            starts.add(() -> worker.start("CONNECT_READY", START_TIMEOUT));
        }
        inParallel(starts);
        registerConnectors();
        starts.clear();
        for (int i = 1; i <= options.instances(); i++) {
            final int port = FreePorts.belowEphemeralRange(1);
            final ChildProcess streams = add(streamsApp(i, port));
            starts.add(() -> streams.start(() -> Http.answers("http://127.0.0.1:" + port + "/health"),
                    START_TIMEOUT));
        }
        final ChildProcess api = add(java("query-api", "256m", List.of("io.meterflow.api.QueryApiMain"), Map.of(
                "MF_API_JDBC_URL", jdbcUrl(), "MF_API_DB_USER", "meterflow_api", "MF_API_PORT", String.valueOf(apiPort),
                "MF_API_MODE", "PRODUCTION", "MF_API_KEYS", "e2e:" + Long.toHexString(System.nanoTime()),
                "MF_API_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers())));
        starts.add(() -> api.start(() -> Http.answers(apiUrl() + "/health"), START_TIMEOUT));
        inParallel(starts);
    }

    /**
     * The DLMS share of the fleet: healthy meters polled by the connector (the poll interval is the connector's),
     * listening on free ports and written to meter_inventory, from which the DLMS connector takes them.
     */
    private Path writeScenario() {
        final String yaml = """
                # Written by the end-to-end benchmark for one run.
                seed: 29
                groups:
                  - {idPrefix: dlms-e2e-, count: %d, protocol: DLMS}
                """.formatted(options.dlmsMeters());
        try {
            Files.createDirectories(options.runDir());
            return Files.writeString(options.runDir().resolve("scenario.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The fault suite's connectors (ChaosConnectors: the three plugins as deployed, the sink with read_committed and
     * its dead-letter topic) with what this load needs: one task per instance, the DLMS meters polled every
     * {@code dlmsPollMs} on kept-open associations and their load profiles read every 5 minutes, no clock setting.
     */
    private void registerConnectors() {
        final ConnectRestClient rest = connectRest();
        final Map<String, Map<String, String>> all = ChaosConnectors.all(jdbcUrl(), mqttUri(), bootstrapServers());
        all.values().forEach(c -> c.put("tasks.max", String.valueOf(options.instances())));
        final Map<String, String> dlms = all.get(ChaosConnectors.DLMS);
        dlms.put("poll.interval.ms", String.valueOf(options.dlmsPollMs()));
        dlms.put("association.keep.open", "true");
        dlms.put("profile.read.interval.ms", "300000");
        dlms.put("clock.sync.enabled", "false");
        final Map<String, String> sink = all.get(ChaosConnectors.SINK);
        sink.put("connection.url", jdbcUrl() + options.sinkUrlParams());
        sink.putAll(options.sinkOverrides());
        all.forEach(rest::putConnector);
        for (String name : all.keySet()) {
            rest.awaitRunning(name, options.instances(), Duration.ofSeconds(180));
        }
    }

    private ChildProcess connectWorker(int i) {
        final int restPort = FreePorts.belowEphemeralRange(1);
        final EmbeddedConnectWorker.Builder worker = EmbeddedConnectWorker.builder(bootstrapServers())
                .groupId("meterflow-e2e")
                .restPort(restPort)
                .workerProperty("config.providers", "env")
                .workerProperty("config.providers.env.class",
                        "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        LocalSetup.pluginDirectories(options.home()).forEach(worker::pluginPath);
        final List<String> args = new ArrayList<>(List.of("io.meterflow.kafka.embedded.ConnectWorkerMain"));
        worker.workerProperties().forEach((k, v) -> args.add(k + "=" + v));
        connectPorts.add(restPort);
        // The connector configs name their database passwords as ${env:...}; the local roles have none.
        return java("connect-" + i, "768m", args, Map.of(ChaosConnectors.SINK_PASSWORD_ENV, "",
                ChaosConnectors.DLMS_PASSWORD_ENV, ""));
    }

    private final List<Integer> connectPorts = new ArrayList<>();

    private ChildProcess streamsApp(int i, int httpPort) {
        final Map<String, String> s = new LinkedHashMap<>();
        s.put("bootstrap.servers", bootstrapServers());
        s.put("application.id", STREAMS_APP_ID);
        s.put("state.dir", options.runDir().resolve("streams-" + i).toString());
        s.put("rules.file", options.home().resolve("streams-app/config/alert-rules.yaml").toString());
        s.put("validation.rules.file", options.home().resolve("streams-app/config/validation-rules.yaml").toString());
        s.put("http.host", "127.0.0.1");
        s.put("http.port", String.valueOf(httpPort));
        final Map<String, String> env = new LinkedHashMap<>();
        s.forEach((key, value) -> env.put("METERFLOW_STREAMS_" + key.toUpperCase(Locale.ROOT)
                .replace('.', '_').replace('-', '_'), value));
        return java("streams-" + i, "768m", List.of("io.meterflow.streams.StreamsApp",
                options.home().resolve("streams-app/config/streams.properties").toString()), env);
    }

    private ChildProcess java(String name, String heap, List<String> mainAndArgs, Map<String, String> env) {
        return ChildProcess.java(name, heap, mainAndArgs, env, logs());
    }

    private ChildProcess add(ChildProcess process) {
        processes.put(process.name(), process);
        return process;
    }

    private Path simulatorJar() {
        final Path jar = options.home().resolve("simulator/target/meterflow-simulator-0.1.0-SNAPSHOT-all.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No simulator jar at " + jar + ": build the simulator module first");
        }
        return jar;
    }

    private static void inParallel(List<Runnable> starts) {
        CompletableFuture.allOf(starts.stream().map(CompletableFuture::runAsync).toArray(CompletableFuture[]::new))
                .join();
    }

    /** The running processes by name (pipeline and simulated fleet), for CPU and RSS. */
    Map<String, Long> pids() {
        final Map<String, Long> pids = new LinkedHashMap<>();
        processes.forEach((name, p) -> {
            if (p.alive()) {
                pids.put(name, p.pid());
            }
        });
        return pids;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:5432/" + dbName;
    }

    String dbName() {
        return dbName;
    }

    String mqttUri() {
        return "tcp://127.0.0.1:" + mosquittoPort;
    }

    String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    ConnectRestClient connectRest() {
        return new ConnectRestClient(URI.create("http://127.0.0.1:" + connectPorts.get(0)));
    }

    private Path logs() {
        return options.runDir().resolve("logs");
    }


    private boolean closed;

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        final List<ChildProcess> reverse = new ArrayList<>(processes.values());
        java.util.Collections.reverse(reverse);
        for (ChildProcess p : reverse) {
            try {
                p.stop(Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                System.err.println("Stopping " + p.name() + " failed: " + e);
            }
        }
        try {
            LocalSetup.dropDatabase(dbName);
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
        }
    }
}
