package io.meterflow.benchmarks.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Open-loop load at a fixed rate: requests start on schedule whether or not earlier ones finished, and latency
 * counts from the scheduled start, so a stall shows in the percentiles (no coordinated omission).
 */
final class FixedRateLoad {

    private FixedRateLoad() {
    }

    static Latencies run(IntFunction<String> urls, int perSecond, Duration duration) throws InterruptedException {
        final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
        final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger errors = new AtomicInteger();
        final List<CompletableFuture<?>> inFlight = Collections.synchronizedList(new ArrayList<>());
        final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        final long periodNanos = 1_000_000_000L / perSecond;
        final long total = duration.toSeconds() * perSecond;
        final AtomicInteger sent = new AtomicInteger();
        final long start = System.nanoTime();
        scheduler.scheduleAtFixedRate(() -> {
            final int n = sent.getAndIncrement();
            if (n >= total) {
                return;
            }
            final long intended = start + n * periodNanos;
            inFlight.add(http.sendAsync(HttpRequest.newBuilder(URI.create(urls.apply(n))).build(),
                            HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        if (failure != null || response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                        nanos.add(System.nanoTime() - intended);
                    }));
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        while (sent.get() < total) {
            Thread.sleep(100);
        }
        scheduler.shutdown();
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
        final long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Latencies(sorted.length, errors.get(), ms(sorted, 0.50), ms(sorted, 0.99), ms(sorted, 1.0));
    }

    private static double ms(long[] sorted, double quantile) {
        final int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    record Latencies(int requests, int errors, double p50Ms, double p99Ms, double maxMs) {
    }
}
