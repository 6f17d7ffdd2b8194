package io.meterflow.benchmarks.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

/**
 * The API's own view of a phase: the histogram buckets of its {@code http.server.requests} timer (time inside
 * Javalin, from request parsed to response handed to Jetty) read from /metrics before and after the phase. Set
 * beside the client's latency it tells time spent serving from time spent queueing, in the network or in the client.
 */
final class ServerTimer {

    private static final String BUCKET = "http_server_requests_seconds_bucket{";

    private final String metricsUrl;
    private final String route;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    ServerTimer(String apiUrl, String route) {
        this.metricsUrl = apiUrl + "/metrics";
        this.route = route;
    }

    /** Cumulative counts by upper bound (seconds) of the route's successful requests. */
    Map<Double, Long> snapshot() throws IOException, InterruptedException {
        final String body = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        final Map<Double, Long> buckets = new TreeMap<>();
        for (String line : body.split("\n")) {
            if (line.startsWith(BUCKET) && line.contains("uri=\"" + route + "\"") && line.contains("status=\"200\"")) {
                final int le = line.indexOf("le=\"") + 4;
                final String bound = line.substring(le, line.indexOf('"', le));
                final double seconds = "+Inf".equals(bound) ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
                buckets.merge(seconds, (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)),
                        Long::sum);
            }
        }
        return buckets;
    }

    /** The upper bound (ms) of the bucket holding the quantile of the requests between two snapshots. */
    static double quantileMs(Map<Double, Long> before, Map<Double, Long> after, double quantile) {
        final long total = after.getOrDefault(Double.POSITIVE_INFINITY, 0L)
                - before.getOrDefault(Double.POSITIVE_INFINITY, 0L);
        for (Map.Entry<Double, Long> bucket : after.entrySet()) {
            final long count = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0L);
            if (count >= Math.ceil(quantile * total)) {
                return bucket.getKey() * 1000;
            }
        }
        return Double.NaN;
    }
}
