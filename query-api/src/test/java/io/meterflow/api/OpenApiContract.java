package io.meterflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.meterflow.api.ops.OpenApiHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Checks a response against the checked-in OpenAPI 3.1 document: the path and status must be documented, the
 * content type declared, and the body valid against the declared schema (JSON Schema 2020-12, as OpenAPI 3.1
 * uses, with networknt's validator).
 */
final class OpenApiContract {

    private static final String BASE = "https://meterflow.io/api/openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEXT = read();
    private static final JsonNode DOCUMENT = parse(TEXT);
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemas(Map.of(BASE, TEXT)));

    private OpenApiContract() {
    }

    /** The body is a Problem as openapi.json defines it. */
    static void assertProblem(String body) {
        assertThat(REGISTRY.getSchema(SchemaLocation.of(BASE + "#/components/schemas/Problem"))
                .validate(body, InputFormat.JSON)).as(body).isEmpty();
    }

    static void assertConforms(String path, int status, String contentType, String body) {
        assertConforms("get", path, status, contentType, body);
    }

    /** @param method lower-case HTTP method as openapi.json spells it */
    static void assertConforms(String method, String path, int status, String contentType, String body) {
        final String template = templateOf(path);
        if (template == null) {
            // Undocumented paths must still answer with a 404 problem.
            assertThat(status).as("%s %s is not in openapi.json", method, path).isEqualTo(404);
            assertThat(contentType).startsWith("application/problem+json");
            assertThat(REGISTRY.getSchema(SchemaLocation.of(BASE + "#/components/schemas/Problem"))
                    .validate(body, InputFormat.JSON)).isEmpty();
            return;
        }
        final JsonNode operation = DOCUMENT.path("paths").path(template).path(method);
        if (operation.isMissingNode()) {
            assertThat(status).as("%s %s is not in openapi.json", method, path).isIn(404, 405);
            return;
        }
        final JsonNode responses = operation.path("responses");
        final JsonNode response = responses.path(String.valueOf(status));
        if (response.isMissingNode()) {
            fail(method + " " + path + " answered " + status + ", which " + template + " does not document");
        }
        final String mediaType = contentType == null ? "" : contentType.split(";")[0].trim();
        final JsonNode content = response.path("content").path(mediaType);
        if (content.isMissingNode()) {
            fail(method + " " + path + " answered " + status + " with " + contentType + "; documented: "
                    + response.path("content").fieldNames().next());
        }
        final JsonNode schema = content.path("schema");
        if (!schema.has("$ref")) {
            return;
        }
        final Schema validator = REGISTRY.getSchema(SchemaLocation.of(BASE + schema.get("$ref").asText()));
        final List<Error> errors = validator.validate(body, InputFormat.JSON);
        assertThat(errors).as("%s %s (%d) against %s: %s", method, path, status, schema.get("$ref").asText(), body).isEmpty();
    }

    /** The documented path template that matches, preferring literal segments over parameters; null if none. */
    private static String templateOf(String path) {
        final String bare = path.split("\\?")[0];
        final Iterator<String> names = DOCUMENT.path("paths").fieldNames();
        String best = null;
        while (names.hasNext()) {
            final String name = names.next();
            final Pattern pattern = Pattern.compile(name.replaceAll("\\{[^}]+}", "[^/]+"));
            if (pattern.matcher(bare).matches()
                    && (best == null || Comparator.<String>comparingLong(t -> t.chars().filter(ch -> ch == '{').count())
                    .compare(name, best) < 0)) {
                best = name;
            }
        }
        return best;
    }

    private static String read() {
        try (InputStream in = OpenApiHandler.class.getResourceAsStream(OpenApiHandler.RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
