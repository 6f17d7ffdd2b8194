package io.meterflow.api.http;

import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/** Optional API keys for /api/*: when any are configured, requests must carry one in X-API-Key. */
public final class ApiKeys {

    public static final String HEADER = "X-API-Key";
    private final Set<String> keys;

    public ApiKeys(Set<String> keys) {
        this.keys = Set.copyOf(keys);
    }

    public void check(Context ctx) {
        if (keys.isEmpty()) {
            return;
        }
        final String given = ctx.header(HEADER);
        if (given == null || given.isEmpty()) {
            ctx.header("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
            throw new UnauthorizedException("This API needs an API key in the " + HEADER + " header.");
        }
        if (keys.stream().noneMatch(k -> constantTimeEquals(k, given))) {
            ctx.header("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
            throw new UnauthorizedException("The API key in " + HEADER + " is not valid.");
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
