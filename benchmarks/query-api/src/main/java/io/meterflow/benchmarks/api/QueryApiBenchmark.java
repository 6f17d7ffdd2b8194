package io.meterflow.benchmarks.api;

import io.javalin.Javalin;
import io.meterflow.api.QueryApi;
import io.meterflow.api.QueryApiConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

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
            final QueryApiConfig config = new QueryApiConfig(data.jdbcUrl(), "postgres", "", 0, java.util.Set.of(),
                    QueryApiConfig.Mode.PRODUCTION, 8, 1440, Duration.ofDays(31), Duration.ofMinutes(5),
                    Duration.ofMinutes(30), Duration.ofMinutes(15));
            final Javalin bare = Javalin.create(cfg -> {
                cfg.startup.showJavalinBanner = false;
                cfg.routes.get("/bare", ctx -> ctx.json(Map.of("meterId", "m-000001", "status", "OK", "value", 1.5)));
            }).start(0);
            try (QueryApi api = QueryApi.start(config)) {
                final String bareUrl = "http://127.0.0.1:" + bare.port() + "/bare";
                final String apiUrl = "http://127.0.0.1:" + api.port();
                final String randomMeter = "return wrk.format(\"GET\", \"/api/v1/meters/m-\" .. string.format(\"%06d\", "
                        + "math.random(1, " + meters + ")))";

                Wrk.run(bareUrl, null, 10, 64);
                Wrk.run(apiUrl, randomMeter, 10, 64);
                final Wrk.Result bareResult = Wrk.run(bareUrl, null, seconds, 64);
                final Wrk.Result meterResult = Wrk.run(apiUrl, randomMeter, seconds, 64);

                final FixedRateLoad.Latencies at200 = FixedRateLoad.run(n -> apiUrl + "/api/v1/meters/m-"
                        + String.format("%06d", ThreadLocalRandom.current().nextInt(1, meters + 1)), 200,
                        Duration.ofSeconds(seconds));
                final Instant day = Instant.parse(BenchmarkData.DAY);
                final FixedRateLoad.Latencies history = FixedRateLoad.run(n -> apiUrl + "/api/v1/meters/m-"
                        + String.format("%06d", ThreadLocalRandom.current().nextInt(1, BenchmarkData.METERS_WITH_HISTORY + 1))
                        + "/readings?limit=1440&from=" + day.toEpochMilli() + "&to="
                        + day.plus(Duration.ofDays(1)).toEpochMilli(), 20, Duration.ofSeconds(seconds));

                System.out.println();
                System.out.printf("| measurement | requests/s | p99 (ms) |%n|---|---|---|%n");
                System.out.printf("| bare Javalin JSON endpoint (wrk -t2 -c64, %d s) | %.0f | %.1f |%n", seconds,
                        bareResult.requestsPerSecond(), bareResult.p99Ms());
                System.out.printf("| GET /api/v1/meters/{random of %,d} (wrk -t2 -c64, %d s) | %.0f | %.1f |%n", meters,
                        seconds, meterResult.requestsPerSecond(), meterResult.p99Ms());
                System.out.printf("| ratio meter / bare | %.2f | |%n",
                        meterResult.requestsPerSecond() / bareResult.requestsPerSecond());
                System.out.printf("| GET /api/v1/meters/{id} at a fixed 200 req/s (%d requests, %d errors) | 200 | %.1f (p50 %.1f, max %.1f) |%n",
                        at200.requests(), at200.errors(), at200.p99Ms(), at200.p50Ms(), at200.maxMs());
                System.out.printf("| one meter-day of readings (1,440 rows) at a fixed 20 req/s (%d requests, %d errors) | 20 | %.1f (p50 %.1f, max %.1f) |%n",
                        history.requests(), history.errors(), history.p99Ms(), history.p50Ms(), history.maxMs());
            } finally {
                bare.stop();
            }
        }
        System.exit(0);
    }
}
