package io.meterflow.local.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When the pipeline is back, seen from where a user sees it: the API serves, for a polled DLMS meter and an MQTT
 * meter, a latest reading collected after a given moment. That needs every hop: meter, connector, broker, sink,
 * database, API (streams-app's outputs are checked by the verifier instead: their timing is the windows').
 */
final class RecoveryProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String apiUrl;
    private final String apiKey;
    private final List<String> meters;

    RecoveryProbe(String apiUrl, String apiKey, List<String> meters) {
        this.apiUrl = apiUrl;
        this.apiKey = apiKey;
        this.meters = List.copyOf(meters);
    }

    /** Seconds from {@code since} until every probe meter has a reading collected after it; empty after timeout. */
    Optional<Double> await(Instant since, Duration timeout) {
        final Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (allFresherThan(since.toEpochMilli())) {
                return Optional.of(Duration.between(since, Instant.now()).toMillis() / 1000.0);
            }
            Pause.of(Duration.ofMillis(250));
        }
        return Optional.empty();
    }

    private boolean allFresherThan(long sinceMs) {
        return Http.get(apiUrl + "/api/v1/meters?limit=500", apiKey)
                .filter(r -> r.statusCode() == 200)
                .map(r -> {
                    try {
                        final JsonNode items = JSON.readTree(r.body()).path("items");
                        return meters.stream().allMatch(m -> lastReadingAt(items, m) > sinceMs);
                    } catch (IOException e) {
                        return false;
                    }
                })
                .orElse(false);
    }

    private static long lastReadingAt(JsonNode items, String meterId) {
        for (JsonNode item : items) {
            if (meterId.equals(item.path("meterId").asText())) {
                return item.path("lastReadingAt").asLong(0);
            }
        }
        return 0;
    }
}
