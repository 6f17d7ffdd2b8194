package io.meterflow.bench.push;

import io.meterflow.kafka.embedded.ConnectRestClient;
import io.meterflow.kafka.embedded.EmbeddedConnectWorker;
import io.meterflow.kafka.embedded.EmbeddedKafkaBroker;
import io.meterflow.kafka.embedded.FreePorts;
import io.meterflow.simulator.dlms.push.PushIdentity;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Pushes/s into Kafka through the DLMS push listener (the packaged plugin on a real Connect worker, one task; a
 * push counts when the listener acknowledged it, which it does once Kafka stored its records) against a bare TCP
 * accept-and-read loop ({@link BareTcpListener}) serving the same pushes from the same senders in the same run.
 * One in-process Kafka broker (KRaft) and the worker share this JVM with the senders. Each target is warmed up in
 * rounds until the JIT compilers are done with it ({@link WarmUp}), then measured.
 *
 * <p>System properties: {@code dlms.push.bench.meters} (1000), {@code .pushes} per meter in the measured round (100),
 * {@code .senders} (64 concurrent meters), {@code .warmup} pushes per meter in each warm-up round (a fifth of
 * .pushes), {@code .warmup.rounds.min} (2) and {@code .warmup.rounds.max} (10), {@code .warmup.settled.jit} (0.05: the
 * JIT share of a round's CPU at which warming up stops; 1 stops after the minimum rounds), {@code .eos} (false: true
 * runs the worker with exactly-once source support).
 */
public final class DlmsPushBenchmark {

    private DlmsPushBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        final int meters = Integer.getInteger("dlms.push.bench.meters", 1_000);
        final int pushes = Integer.getInteger("dlms.push.bench.pushes", 100);
        final int senders = Integer.getInteger("dlms.push.bench.senders", 64);
        final boolean eos = Boolean.getBoolean("dlms.push.bench.eos");
        final Path pluginPath = Path.of(System.getProperty("dlms.push.bench.plugin.path",
                "connectors/dlms-source/target/plugin")).toAbsolutePath().normalize();
        if (!Files.isDirectory(pluginPath.resolve("meterflow-dlms-source"))) {
            throw new IllegalStateException("No plugin in " + pluginPath + ": build connectors/dlms-source first");
        }
        final long now = System.currentTimeMillis() / 1_000 * 1_000;
        // Capture times a second apart; the measured round's start right after the warm-up's (newer, so no push is a
        // duplicate). Not further ahead: Kafka 4 rejects records timestamped more than an hour after the broker's
        // clock (log.message.timestamp.after.max.ms), and a rejected interval fails the task.
        // Warm-up rounds of a fifth of the measured pushes each, until a round's JIT share is at most 5 % (two to
        // ten rounds): the measured round then shows the listener's steady state (see WarmUp).
        final int warmUpPushes = Integer.getInteger("dlms.push.bench.warmup", Math.max(1, pushes / 5));
        final WarmUp warmUp = new WarmUp(meters, warmUpPushes,
                Integer.getInteger("dlms.push.bench.warmup.rounds.min", 2),
                Integer.getInteger("dlms.push.bench.warmup.rounds.max", 10),
                Double.parseDouble(System.getProperty("dlms.push.bench.warmup.settled.jit", "0.05")), now);
        final PushLoad measured = PushLoad.build(meters, pushes, warmUp.endCapture());
        final int[] warmUpRounds = new int[3];
        final PushLoad.Result bare;
        try (BareTcpListener listener = new BareTcpListener()) {
            final InetSocketAddress target = new InetSocketAddress("127.0.0.1", listener.port());
            warmUpRounds[0] = warmUp.run("bare TCP loop", target, senders);
            bare = measured.run(target, senders);
        }
        final PushLoad.Result alone;
        final int alonePort = FreePorts.belowEphemeralRange(1);
        try (ListenerAlone listener = new ListenerAlone(pluginPath, config(meters, alonePort, false))) {
            final InetSocketAddress target = new InetSocketAddress("127.0.0.1", alonePort);
            warmUpRounds[1] = warmUp.run("listener alone", target, senders);
            alone = measured.run(target, senders);
        }
        final PushLoad.Result connector;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().start();
             EmbeddedConnectWorker worker = workerBuilder(kafka.bootstrapServers(), pluginPath, eos).start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of("b-readings", "b-intervals", "b-events", "b-dlq").stream()
                    .map(t -> new NewTopic(t, 1, (short) 1)).toList()).all().get();
            final int port = FreePorts.belowEphemeralRange(1);
            final ConnectRestClient rest = worker.rest();
            rest.putConnector("push-bench", config(meters, port, eos));
            rest.awaitRunning("push-bench", 1, Duration.ofSeconds(60));
            final InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
            awaitListening(target);
            warmUpRounds[2] = warmUp.run("listener into Kafka", target, senders);
            connector = measured.run(target, senders);
        }
        System.out.println();
        System.out.printf("DLMS push benchmark (%d cores): %d meters (half ciphered) x %d pushes, %d concurrent, "
                        + "exactly-once %s%n", Runtime.getRuntime().availableProcessors(), meters, pushes, senders,
                eos ? "on" : "off");
        System.out.printf("RESULT bare TCP accept-and-read %.0f pushes/s, push listener into Kafka %.0f pushes/s, "
                + "ratio %.2f%n", bare.pushesPerSecond(), connector.pushesPerSecond(),
                connector.pushesPerSecond() / bare.pushesPerSecond());
        System.out.printf("  listener alone (records committed at once, no Connect, no Kafka) %.0f pushes/s, "
                + "ratio %.2f%n", alone.pushesPerSecond(), alone.pushesPerSecond() / bare.pushesPerSecond());
        System.out.printf("  warm-up rounds of %d pushes per meter until the JIT settled: bare %d, alone %d, into Kafka %d%n",
                warmUpPushes, warmUpRounds[0], warmUpRounds[1], warmUpRounds[2]);
        System.out.println("  CPU per push, whole round, this JVM = senders + serving side (us), of it JIT compiling:");
        for (Map.Entry<String, PushLoad.Result> r : Map.of("bare TCP loop", bare, "listener alone", alone,
                "listener into Kafka", connector).entrySet().stream().sorted(Map.Entry.comparingByValue(
                        java.util.Comparator.comparingDouble(PushLoad.Result::processCpuMicrosPerPush))).toList()) {
            System.out.printf("    %-20s %5.0f = %4.0f + %5.0f, JIT %4.0f%n", r.getKey(),
                    r.getValue().processCpuMicrosPerPush(), r.getValue().senderCpuMicrosPerPush(),
                    r.getValue().serverCpuMicrosPerPush(), r.getValue().jitMicrosPerPush());
        }
        System.out.println("  serving side's threads, CPU us per push (at least 2):");
        System.out.println("    bare TCP loop:       " + bare.threadBreakdown(2));
        System.out.println("    listener alone:      " + alone.threadBreakdown(2));
        System.out.println("    listener into Kafka: " + connector.threadBreakdown(2));
        System.exit(0);
    }

    /**
     * The worker as the embedded one starts it, plus any {@code dlms.push.bench.worker.<setting>} system property
     * (e.g. {@code -Ddlms.push.bench.worker.offset.flush.interval.ms=60000}).
     */
    private static EmbeddedConnectWorker.Builder workerBuilder(String bootstrap, Path pluginPath, boolean eos) {
        final EmbeddedConnectWorker.Builder builder = EmbeddedConnectWorker.builder(bootstrap).groupId("push-bench")
                .pluginPath(pluginPath).workerProperty("exactly.once.source.support", eos ? "enabled" : "disabled");
        prefixed("dlms.push.bench.worker.").forEach(builder::workerProperty);
        return builder;
    }

    /** System properties starting with {@code prefix}, the prefix removed. */
    private static Map<String, String> prefixed(String prefix) {
        final Map<String, String> found = new HashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(prefix))
                .forEach(k -> found.put(k.substring(prefix.length()), System.getProperty(k)));
        return found;
    }

    /** The connector's settings, plus any {@code dlms.push.bench.connector.<setting>} system property. */
    private static Map<String, String> config(int meters, int port, boolean eos) {
        final Map<String, String> c = new HashMap<>();
        c.put("connector.class", "io.meterflow.connect.dlms.push.DlmsPushSourceConnector");
        c.put("tasks.max", "1");
        c.put("listen.address", "127.0.0.1");
        c.put("listen.port", Integer.toString(port));
        c.put("max.connections", "1000");
        c.put("meters", IntStream.range(0, meters).mapToObj(i -> PushLoad.ciphered(i)
                ? PushLoad.meterId(i) + "@" + PushIdentity.systemTitleHex(PushLoad.meterId(i)) : PushLoad.meterId(i))
                .collect(Collectors.joining(",")));
        c.put("meter.encryption.key", HexFormat.of().formatHex(PushLoad.ENCRYPTION_KEY));
        c.put("meter.authentication.key", HexFormat.of().formatHex(PushLoad.AUTHENTICATION_KEY));
        c.put("readings.topic", "b-readings");
        c.put("intervals.topic", "b-intervals");
        c.put("events.topic", "b-events");
        c.put("dlq.topic", "b-dlq");
        c.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        if (eos) {
            c.put("exactly.once.support", "required");
        }
        c.putAll(prefixed("dlms.push.bench.connector."));
        return c;
    }

    /** The task binds shortly after Connect reports it RUNNING. */
    private static void awaitListening(InetSocketAddress target) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket probe = new java.net.Socket()) {
                probe.connect(target, 1_000);
                return; // the listener drops this idle probe after its idle timeout; it sends nothing
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the push listener did not open " + target);
    }
}
