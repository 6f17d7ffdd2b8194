package io.meterflow.api.http;

import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * API keys in {@code X-API-Key}. Reads of /api/* need a key when any are configured; writes always need one, and
 * the key's name becomes the request's actor.
 */
public final class ApiKeys {

    public static final String HEADER = "X-API-Key";
    private static final String ACTOR = "meterflow.actor";
    private final List<ApiKey> keys;
    private final boolean openReads;

    /** @param openReads GET needs no key even when keys are configured */
    public ApiKeys(List<ApiKey> keys, boolean openReads) {
        this.keys = List.copyOf(keys);
        this.openReads = openReads;
    }

    /** Before every /api/* request: without configured keys, or with open reads, a GET needs none. */
    public void check(Context ctx) {
        if (!keys.isEmpty() && !(openReads && ctx.method() == io.javalin.http.HandlerType.GET)) {
            ctx.attribute(ACTOR, authenticate(ctx).name());
        }
    }

    /** The name of the key the request carries; 401 without a valid one, also when no keys are configured. */
    public String actor(Context ctx) {
        final String known = ctx.attribute(ACTOR);
        if (known != null) {
            return known;
        }
        if (keys.isEmpty()) {
            throw unauthorized(ctx, "Writes need an API key, and this API has none configured (MF_API_KEYS).");
        }
        return authenticate(ctx).name();
    }

    private ApiKey authenticate(Context ctx) {
        final String given = ctx.header(HEADER);
        if (given == null || given.isEmpty()) {
            throw unauthorized(ctx, "This API needs an API key in the " + HEADER + " header.");
        }
        final byte[] givenBytes = given.getBytes(StandardCharsets.UTF_8);
        ApiKey match = null;
        for (ApiKey key : keys) {
            // Every key is compared, in constant time each, so timing tells nothing about which one came close.
            if (MessageDigest.isEqual(key.secret().getBytes(StandardCharsets.UTF_8), givenBytes)) {
                match = key;
            }
        }
        if (match == null) {
            throw unauthorized(ctx, "The API key in " + HEADER + " is not valid.");
        }
        return match;
    }

    private static UnauthorizedException unauthorized(Context ctx, String detail) {
        ctx.header("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
        return new UnauthorizedException(detail);
    }
}
