package io.meterflow.api.ops;

import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** GET /openapi.json: the checked-in OpenAPI 3.1 document of this API. */
public final class OpenApiHandler implements Handler {

    public static final String RESOURCE = "/meterflow/api/openapi.json";
    private final byte[] document = load();

    @Override
    public void handle(Context ctx) {
        ctx.contentType("application/json").result(document);
    }

    private static byte[] load() {
        try (InputStream in = OpenApiHandler.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
