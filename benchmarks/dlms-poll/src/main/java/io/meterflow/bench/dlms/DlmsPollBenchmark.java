package io.meterflow.bench.dlms;

import io.meterflow.connect.dlms.DlmsSourceTask;
import io.meterflow.testing.connect.StandaloneTaskContext;
import org.apache.kafka.connect.source.SourceRecord;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Polls/s of ONE DLMS source task against N simulated meters (a simulator in its own JVM, loopback TCP), driven
 * the way a worker drives a task; this JVM holds only the task, so its heap growth is the task's heap. Every meter is due more often than the task can serve, so the task runs at its concurrency
 * bound: the ideal rate is {@code max.concurrent.polls ÷ meter latency}; the figure reported is the ratio.
 *
 * <p>Arguments (all optional): meters (1000), latencyMs (200), concurrency (64), warmupSeconds (30),
 * measureSeconds (30).
 */
public final class DlmsPollBenchmark {

    private DlmsPollBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        final int meters = arg(args, 0, 1_000);
        final int latencyMs = arg(args, 1, 200);
        final int concurrency = arg(args, 2, 64);
        final int warmup = arg(args, 3, 30);
        final int measure = arg(args, 4, 30);
        System.out.printf("DLMS poll benchmark: %d meters, %d ms latency, concurrency %d, %d s warm-up, %d s%n",
                meters, latencyMs, concurrency, warmup, measure);
        final String scenario = "seed: 1\ngroups:\n  - {idPrefix: bench-, count: " + meters
                + ", protocol: DLMS, behaviour: {latency: PT" + latencyMs / 1000.0 + "S}}\n";
        try (SimulatorProcess fleet = SimulatorProcess.start(scenario)) {
            final long heapBefore = usedHeapAfterGc();
            final AtomicLong readings = new AtomicLong();
            final DlmsSourceTask task = startTask(fleet, concurrency, latencyMs);
            final Thread poller = new Thread(() -> pollForever(task, readings), "benchmark-poll");
            poller.setDaemon(true);
            poller.start();
            Thread.sleep(warmup * 1_000L);
            final long startCount = readings.get();
            final long startNanos = System.nanoTime();
            Thread.sleep(measure * 1_000L);
            final long polls = readings.get() - startCount;
            final double seconds = (System.nanoTime() - startNanos) / 1e9;
            final long heapDuring = usedHeapAfterGc();
            task.stop();
            final double rate = polls / seconds;
            final double bound = latencyMs == 0 ? Double.NaN : concurrency / (latencyMs / 1000.0);
            System.out.printf("RESULT meters=%d latencyMs=%d concurrency=%d polls/s=%.1f bound=%.1f ratio=%.3f "
                            + "taskHeapMiB=%.1f%n", meters, latencyMs, concurrency, rate, bound, rate / bound,
                    (heapDuring - heapBefore) / 1048576.0);
        }
    }

    private static DlmsSourceTask startTask(SimulatorProcess fleet, int concurrency, int latencyMs) {
        final Map<String, String> props = new HashMap<>();
        props.put("meters", fleet.endpoints().stream().map(e -> e.meterId() + "@" + e.host() + ":" + e.port())
                .collect(Collectors.joining(",")));
        props.put("task.meter.ids", fleet.endpoints().stream().map(e -> e.meterId()).collect(Collectors.joining(",")));
        // Every meter is due far more often than the task can serve (1,000 meters every second with latency,
        // every 100 ms without), so the task runs at its own limit.
        props.put("poll.interval.ms", latencyMs == 0 ? "100" : "1000");
        props.put("max.concurrent.polls", String.valueOf(concurrency));
        props.put("connections.per.second", "2000");
        props.put("response.timeout.ms", String.valueOf(Math.max(2_000, latencyMs * 10)));
        props.put("profile.enabled", "false");
        final DlmsSourceTask task = new DlmsSourceTask();
        task.initialize(new StandaloneTaskContext(props));
        task.start(props);
        return task;
    }

    private static void pollForever(DlmsSourceTask task, AtomicLong readings) {
        try {
            while (true) {
                final List<SourceRecord> batch = task.poll();
                if (batch != null) {
                    readings.addAndGet(batch.size());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static int arg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
