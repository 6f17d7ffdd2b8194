package io.meterflow.api.ops;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * http.server.requests timer, tagged by route template (never the meter id), method and status. The timers are
 * kept per (route, method, status), a bounded set: building and registering a Timer per request (tags sorted, the
 * meter id hashed and looked up in the registry) was measurable per request.
 */
public final class HttpMetrics {

    private final MeterRegistry registry;
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(Context ctx, float millis) {
        String route;
        try {
            route = ctx.endpoint().path;
        } catch (RuntimeException noEndpoint) {
            route = "UNMATCHED";
        }
        timers.computeIfAbsent(new Key(route, ctx.method(), ctx.statusCode()), this::timer)
                .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
    }

    private Timer timer(Key key) {
        return Timer.builder("http.server.requests")
                .description("HTTP requests served by the query API")
                .tag("method", key.method().name())
                .tag("uri", key.route())
                .tag("status", String.valueOf(key.status()))
                .publishPercentileHistogram()
                .register(registry);
    }

    private record Key(String route, HandlerType method, int status) {
    }
}
