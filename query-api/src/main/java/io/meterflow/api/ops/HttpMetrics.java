package io.meterflow.api.ops;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/** http.server.requests timer, tagged by route template (never the meter id), method and status. */
public final class HttpMetrics {

    private final MeterRegistry registry;

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
        Timer.builder("http.server.requests")
                .description("HTTP requests served by the query API")
                .tag("method", ctx.method().name())
                .tag("uri", route)
                .tag("status", String.valueOf(ctx.statusCode()))
                .publishPercentileHistogram()
                .register(registry)
                .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
    }
}
