package io.meterflow.benchmarks.api;

import io.javalin.Javalin;
import io.meterflow.api.QueryApi;
import io.meterflow.api.QueryApiConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * GET /api/v1/meters/{meterId} over a 100k-meter read model, against a bare Javalin JSON endpoint in the same JVM
 * and run; then fixed-rate p99 of the meter endpoint (200 req/s) and of one meter-day of history.
 * Run: see docs/benchmarks.md ("Query API").
 */
public final class QueryApiBenchmark {

    private QueryApiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        final int meters = Integer.getInteger("meters", 100_000);
        final int seconds = Integer.getInteger("seconds", 20);
        final String server = System.getProperty("postgres", "jdbc:postgresql://127.0.0.1:5432/");
        System.out.printf("Loading %,d meters into a fresh read model...%n", meters);
        try (BenchmarkData data = BenchmarkData.create(server, meters)) {
            // Open reads, as before API keys became mandatory in PRODUCTION mode (the mode only picks the log format
            // in QueryApiMain; embedded here it changes nothing).
            final QueryApiConfig config = new QueryApiConfig(data.jdbcUrl(), "postgres", "", 0, java.util.List.of(),
                    QueryApiConfig.Mode.DEVELOPMENT, Integer.getInteger("poolSize", 8), 1440, Duration.ofDays(31), Duration.ofMinutes(5),
                    Duration.ofMinutes(30), Duration.ofMinutes(15), null, Duration.ofSeconds(5), false);
            final Javalin bare = Javalin.create(cfg -> {
                cfg.startup.showJavalinBanner = false;
                cfg.routes.get("/bare", ctx -> ctx.json(Map.of("meterId", "m-000001", "status", "OK", "value", 1.5)));
            }).start(0);
            try (QueryApi api = QueryApi.start(config)) {
                final String bareUrl = "http://127.0.0.1:" + bare.port() + "/bare";
                final String apiUrl = "http://127.0.0.1:" + api.port();
                final String randomMeter = "return wrk.format(\"GET\", \"/api/v1/meters/m-\" .. string.format(\"%06d\", "
                        + "math.random(1, " + meters + ")))";

                // -Dthroughput=false skips the wrk phases (to look at the fixed-rate ones alone).
                final boolean throughput = !"false".equals(System.getProperty("throughput"));
                System.out.printf("%s UTC: wrk phases%s%n", Instant.now(), throughput ? "" : " skipped");
                if (throughput) {
                    Wrk.run(bareUrl, null, 10, 64);
                    Wrk.run(apiUrl, randomMeter, 10, 64);
                }
                final Wrk.Result bareResult = throughput ? measured("bare", data.jdbcUrl(), seconds,
                        () -> Wrk.run(bareUrl, null, seconds, 64)) : Wrk.Result.NONE;
                final Wrk.Result meterResult = throughput ? measured("meter", data.jdbcUrl(), seconds,
                        () -> Wrk.run(apiUrl, randomMeter, seconds, 64)) : Wrk.Result.NONE;

                final Duration warmUp = Duration.ofSeconds(Integer.getInteger("warmUp", 10));
                final Duration measured = Duration.ofSeconds(seconds);
                final FixedPhase at200 = fixedRate(FixedRateLoad.Target.METER, apiUrl, data.jdbcUrl(),
                        "/api/v1/meters/{meterId}", meters, 200, warmUp, measured);
                final FixedPhase history = fixedRate(FixedRateLoad.Target.METER_DAY, apiUrl, data.jdbcUrl(),
                        "/api/v1/meters/{meterId}/{kind}", BenchmarkData.METERS_WITH_HISTORY, 20, warmUp, measured);

                System.out.println();
                System.out.printf("| measurement | requests/s | p99 (ms) |%n|---|---|---|%n");
                System.out.printf("| bare Javalin JSON endpoint (wrk -t2 -c64, %d s) | %.0f | %.1f |%n", seconds,
                        bareResult.requestsPerSecond(), bareResult.p99Ms());
                System.out.printf("| GET /api/v1/meters/{random of %,d} (wrk -t2 -c64, %d s) | %.0f | %.1f |%n", meters,
                        seconds, meterResult.requestsPerSecond(), meterResult.p99Ms());
                System.out.printf("| ratio meter / bare | %.2f | |%n",
                        meterResult.requestsPerSecond() / bareResult.requestsPerSecond());
                System.out.printf("| GET /api/v1/meters/{id} at a fixed 200 req/s %s |%n", at200.row());
                System.out.printf("| one meter-day of readings (1,440 rows) at a fixed 20 req/s %s |%n",
                        history.row());
            } finally {
                bare.stop();
            }
        }
        System.exit(0);
    }

    /** A measured wrk phase, with the CPU per request of this JVM and of the API's PostgreSQL backends. */
    private static Wrk.Result measured(String phase, String jdbcUrl, int seconds, WrkPhase run) throws Exception {
        final CpuUse before = CpuUse.now(jdbcUrl);
        final Wrk.Result result = run.run();
        System.out.printf("wrk %s: %.0f req/s, %s%n", phase, result.requestsPerSecond(),
                CpuUse.perRequest(before, CpuUse.now(jdbcUrl), (int) Math.round(result.requestsPerSecond() * seconds)));
        return result;
    }

    @FunctionalInterface
    private interface WrkPhase {
        Wrk.Result run() throws Exception;
    }

    /**
     * A warm-up and then the measured fixed-rate run of the generator, in its own JVM unless
     * {@code -DloadInProcess=true} (the way of runs 1-3, kept to compare); with {@code -Ddump=DIR} every request's
     * scheduled start and latency go to DIR/TARGET.txt.
     */
    private static FixedPhase fixedRate(FixedRateLoad.Target target, String apiUrl, String jdbcUrl, String route,
                                        int count, int perSecond, Duration warmUp, Duration measured) throws Exception {
        final ServerTimer timer = new ServerTimer(apiUrl, route);
        final AtomicReference<Map<Double, Long>> before = new AtomicReference<>();
        final AtomicReference<CpuUse> cpuBefore = new AtomicReference<>();
        final Runnable onMeasuring = () -> {
            try {
                cpuBefore.set(CpuUse.now(jdbcUrl));
                before.set(timer.snapshot());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        final String dumpDir = System.getProperty("dump");
        final Path dump = dumpDir == null ? null : Path.of(dumpDir, target.name().toLowerCase(Locale.ROOT) + ".txt");
        System.out.printf("%s UTC: %s at %d req/s, %d s warm-up and %d s measured%n", Instant.now(), target,
                perSecond, warmUp.toSeconds(), measured.toSeconds());
        final FixedRateLoad.Latencies client = Boolean.getBoolean("loadInProcess")
                ? FixedRateLoad.inThisJvm(target, apiUrl, count, perSecond, warmUp, measured, dump, onMeasuring)
                : FixedRateLoad.inChildJvm(target, apiUrl, count, perSecond, warmUp, measured, dump, onMeasuring);
        final Map<Double, Long> after = timer.snapshot();
        System.out.printf("%s: %s%n", target, CpuUse.perRequest(cpuBefore.get(), CpuUse.now(jdbcUrl),
                client.requests()));
        return new FixedPhase(perSecond, client, ServerTimer.quantileMs(before.get(), after, 0.50),
                ServerTimer.quantileMs(before.get(), after, 0.99));
    }

    /** Client latencies from the scheduled start, and the server's own timer (bucket upper bounds). */
    record FixedPhase(int perSecond, FixedRateLoad.Latencies client, double serverP50Ms, double serverP99Ms) {

        String row() {
            return "(%d requests, %d errors) | %d | %.1f (p50 %.1f, max %.1f); in the server: p99 ≤ %.1f, p50 ≤ %.1f"
                    .formatted(client.requests(), client.errors(), perSecond, client.p99Ms(), client.p50Ms(),
                            client.maxMs(), serverP99Ms, serverP50Ms);
        }
    }
}
