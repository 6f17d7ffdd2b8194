package io.meterflow.api.http;

import io.javalin.http.Context;
import org.slf4j.MDC;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * X-Request-ID: taken from the request when it is a sane token, generated otherwise; echoed on every response
 * and put in the logging MDC as {@code requestId} for the request's duration.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-ID";
    public static final String MDC_KEY = "requestId";
    private static final String ATTRIBUTE = "meterflow.requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /** Before every request. */
    public static void assign(Context ctx) {
        final String id = sanitized(ctx.header(HEADER));
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
        MDC.put(MDC_KEY, id);
    }

    /** The client's request id when it is a sane token, a new one otherwise. */
    public static String sanitized(String given) {
        return given != null && SANE.matcher(given).matches() ? given : newId();
    }

    /**
     * A random (version 4) UUID from the thread's own generator: a request id needs to be unique, not unguessable, and
     * {@code UUID.randomUUID()} draws from the shared SecureRandom, 6 % of a meter request's CPU in the profile.
     */
    static String newId() {
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        final long high = random.nextLong() & ~0xF000L | 0x4000L;
        final long low = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    public static String current(Context ctx) {
        final String id = ctx.attribute(ATTRIBUTE);
        return id != null ? id : MDC.get(MDC_KEY);
    }

    /** After the request is logged: the thread serves other requests next. */
    public static void clear() {
        MDC.remove(MDC_KEY);
    }
}
