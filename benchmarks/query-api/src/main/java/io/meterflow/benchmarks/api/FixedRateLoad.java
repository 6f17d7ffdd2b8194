package io.meterflow.benchmarks.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;

/**
 * Open-loop load at a fixed rate: requests start on schedule whether or not earlier ones finished, and latency
 * counts from the scheduled start, so a stall shows in the percentiles (no coordinated omission).
 *
 * <p>It runs in its own JVM ({@link #inChildJvm}): in the server's JVM its GC pauses, JIT compilations and threads
 * would be counted as the API's latency. A warm-up at the same rate precedes the measured requests, so that neither
 * JVM measures its own JIT compilation.
 */
final class FixedRateLoad {

    private static final String RESULT = "RESULT ";
    private static final String MEASURING = "MEASURING";
    /** Requests in flight at most before the next ones wait (and their wait counts as latency). */
    private static final int WORKERS = 64;

    private FixedRateLoad() {
    }

    /** What the generator asks for. */
    enum Target {
        /** GET /api/v1/meters/{random meter of count} */
        METER,
        /** one meter-day of readings of a random meter of the first count */
        METER_DAY;

        IntFunction<String> urls(String apiUrl, int count) {
            final Instant day = Instant.parse(BenchmarkData.DAY);
            return switch (this) {
                case METER -> n -> apiUrl + "/api/v1/meters/" + randomMeter(count);
                case METER_DAY -> n -> apiUrl + "/api/v1/meters/" + randomMeter(count) + "/readings?limit=1440&from="
                        + day.toEpochMilli() + "&to=" + day.plus(Duration.ofDays(1)).toEpochMilli();
            };
        }

        private static String randomMeter(int count) {
            return String.format("m-%06d", ThreadLocalRandom.current().nextInt(1, count + 1));
        }
    }

    /**
     * Runs the load in a child JVM on this JVM's class path and returns what it measured. JVM options for the
     * child (e.g. {@code -Xlog:gc:file=load-gc.log}) come from the system property {@code loadJvmOptions}.
     */
    static Latencies inChildJvm(Target target, String apiUrl, int count, int perSecond, Duration warmUp,
                                Duration duration, Path dump, Runnable onMeasuring)
            throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                // A small heap with the serial collector: pauses of a millisecond, no GC threads competing for CPU.
                "-Xms128m", "-Xmx128m", "-XX:+UseSerialGC",
                // Keep-alive connections the JDK keeps idle per server (default 5): enough for every worker.
                "-Dhttp.maxConnections=" + WORKERS));
        final String options = System.getProperty("loadJvmOptions", "").trim();
        if (!options.isEmpty()) {
            command.addAll(Arrays.asList(options.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FixedRateLoad.class.getName(),
                target.name(), apiUrl, String.valueOf(count), String.valueOf(perSecond),
                String.valueOf(warmUp.toSeconds()), String.valueOf(duration.toSeconds()),
                dump == null ? "-" : dump.toString()));
        final Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Latencies result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.equals(MEASURING)) {
                    // Snapshots first, then the go: their own work must not fall into the measured requests.
                    onMeasuring.run();
                    child.getOutputStream().write('\n');
                    child.getOutputStream().flush();
                } else if (line.startsWith(RESULT)) {
                    result = Latencies.parse(line.substring(RESULT.length()));
                } else {
                    System.out.println(line);
                }
            }
        }
        if (child.waitFor() != 0 || result == null) {
            throw new IllegalStateException("The load generator failed (exit " + child.exitValue() + ")");
        }
        return result;
    }

    /** The child JVM: TARGET API_URL COUNT PER_SECOND WARM_UP_SECONDS SECONDS DUMP_FILE|- */
    public static void main(String[] args) throws Exception {
        final Target target = Target.valueOf(args[0]);
        final IntFunction<String> urls = target.urls(args[1], Integer.parseInt(args[2]));
        final int perSecond = Integer.parseInt(args[3]);
        final Path dump = "-".equals(args[6]) ? null : Path.of(args[6]);
        final ThreadPoolExecutor workers = workers();
        run(workers, urls, perSecond, Duration.ofSeconds(Long.parseLong(args[4])), null);
        System.out.println(MEASURING);
        System.out.flush();
        System.in.read();
        final Duration cpuBefore = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
        final Latencies measured = run(workers, urls, perSecond, Duration.ofSeconds(Long.parseLong(args[5])), dump);
        System.out.printf("%s: CPU per request: load generator %.0f µs%n", target, ProcessHandle.current().info()
                .totalCpuDuration().orElse(Duration.ZERO).minus(cpuBefore).toNanos() / 1e3 / measured.requests());
        System.out.println(RESULT + measured.format());
        System.exit(0);
    }

    /** In the API's JVM, where runs 1-3 had their generator (then on HttpClient): to compare, not to measure. */
    static Latencies inThisJvm(Target target, String apiUrl, int count, int perSecond, Duration warmUp,
                               Duration duration, Path dump, Runnable onMeasuring)
            throws IOException, InterruptedException {
        final ThreadPoolExecutor workers = workers();
        run(workers, target.urls(apiUrl, count), perSecond, warmUp, null);
        onMeasuring.run();
        return run(workers, target.urls(apiUrl, count), perSecond, duration, dump);
    }

    /** The workers of both runs, started before the first: thread starts must not land in the measured run. */
    private static ThreadPoolExecutor workers() {
        final ThreadPoolExecutor workers = (ThreadPoolExecutor) Executors.newFixedThreadPool(WORKERS);
        workers.prestartAllCoreThreads();
        return workers;
    }

    /**
     * Blocking HTTP/1.1 requests on keep-alive connections (HttpURLConnection), one worker thread per request in
     * flight: this thread hands each request to the workers at its scheduled time, so a stalled server makes
     * requests wait in the queue, and that wait counts. It costs far less CPU per request than
     * java.net.http.HttpClient (selector thread, executor hand-offs), which on two cores competes with the server.
     */
    static Latencies run(ThreadPoolExecutor workers, IntFunction<String> urls, int perSecond, Duration duration,
                         Path dump) throws InterruptedException, IOException {
        final int total = Math.toIntExact(duration.toSeconds() * perSecond);
        if (total == 0) {
            return new Latencies(0, 0, 0, 0, 0);
        }
        final long[] intendedAt = new long[total];
        final AtomicLongArray nanos = new AtomicLongArray(total);
        final AtomicInteger errors = new AtomicInteger();
        final long periodNanos = 1_000_000_000L / perSecond;
        final long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            final int n = i;
            final long intended = start + n * periodNanos;
            intendedAt[n] = intended - start;
            final String url = urls.apply(n);
            for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            workers.execute(() -> {
                if (!get(url)) {
                    errors.incrementAndGet();
                }
                nanos.set(n, System.nanoTime() - intended);
            });
        }
        // Every request has its latency once the count of completed tasks reaches the count submitted.
        final long submitted = workers.getTaskCount();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (workers.getCompletedTaskCount() < submitted) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Requests still open 60 s after the last was sent");
            }
            Thread.sleep(10);
        }
        final long[] sorted = new long[total];
        for (int i = 0; i < total; i++) {
            sorted[i] = nanos.get(i);
        }
        if (dump != null) {
            // One line per request in schedule order: scheduled start and latency, both in µs, to line up stalls
            // with GC logs, vmstat and PostgreSQL's log.
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dump))) {
                w.println("# wall clock at start (epoch ms): " + (System.currentTimeMillis()
                        - (System.nanoTime() - start) / 1_000_000));
                for (int i = 0; i < total; i++) {
                    w.println(intendedAt[i] / 1000 + " " + sorted[i] / 1000);
                }
            }
        }
        Arrays.sort(sorted);
        return new Latencies(total, errors.get(), ms(sorted, 0.50), ms(sorted, 0.99), ms(sorted, 1.0));
    }

    /** One GET, the body read to the end so that the connection goes back to the keep-alive cache. */
    private static boolean get(String url) {
        try {
            final HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            try (InputStream body = c.getResponseCode() == 200 ? c.getInputStream() : c.getErrorStream()) {
                if (body != null) {
                    body.transferTo(OutputStream.nullOutputStream());
                }
            }
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static double ms(long[] sorted, double quantile) {
        final int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    record Latencies(int requests, int errors, double p50Ms, double p99Ms, double maxMs) {

        String format() {
            return requests + " " + errors + " " + p50Ms + " " + p99Ms + " " + maxMs;
        }

        static Latencies parse(String line) {
            final String[] f = line.trim().split(" ");
            return new Latencies(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]));
        }
    }
}
