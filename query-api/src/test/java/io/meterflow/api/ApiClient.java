package io.meterflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls the API through JavalinTest's client and checks EVERY response against openapi.json and for an
 * X-Request-ID header before the test looks at it.
 */
final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;

    ApiClient(HttpClient http) {
        this.http = http;
    }

    Answer get(String path) {
        return get(path, Map.of());
    }

    Answer get(String path, Map<String, String> headers) {
        final Response response = http.get(path, request -> headers.forEach(request::header));
        final String body = response.body().string();
        final String contentType = first(response.headers().get("Content-Type"));
        final String requestId = first(response.headers().get("X-Request-ID"));
        assertThat(requestId).as("X-Request-ID of GET %s", path).isNotBlank();
        if (!"/metrics".equals(path)) {
            OpenApiContract.assertConforms(path, response.code(), contentType, body);
        }
        return new Answer(response.code(), contentType, requestId, body);
    }

    /** POST with a JSON body (null: none), checked against openapi.json like every GET. */
    Answer post(String path, String body, Map<String, String> headers) {
        final Response response = http.post(path, body == null ? "" : body, request -> {
            request.header("Content-Type", "application/json");
            headers.forEach(request::header);
        });
        final String text = response.body().string();
        final String contentType = first(response.headers().get("Content-Type"));
        final String requestId = first(response.headers().get("X-Request-ID"));
        assertThat(requestId).as("X-Request-ID of POST %s", path).isNotBlank();
        OpenApiContract.assertConforms("post", path, response.code(), contentType, text);
        return new Answer(response.code(), contentType, requestId, text);
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A response, already checked against the contract. */
    record Answer(int status, String contentType, String requestId, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
