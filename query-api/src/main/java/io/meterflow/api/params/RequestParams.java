package io.meterflow.api.params;

import io.javalin.http.Context;
import io.meterflow.api.http.InvalidParameterException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads and validates request parameters; every failure is a 400 that names the parameter. */
public final class RequestParams {

    public static final int DEFAULT_LIMIT = 100;
    public static final Duration DEFAULT_RANGE = Duration.ofDays(1);
    // Years 1970..9999: anything else is a typo or an attack, not a meter's time.
    private static final long MAX_EPOCH_MS = 253_402_300_799_999L;
    private static final Pattern EPOCH_MS = Pattern.compile("-?[0-9]{1,19}");
    private static final int MAX_METER_ID = 128;

    private final int maxPageSize;
    private final Duration maxRange;
    private final Clock clock;

    public RequestParams(int maxPageSize, Duration maxRange, Clock clock) {
        this.maxPageSize = maxPageSize;
        this.maxRange = maxRange;
        this.clock = clock;
    }

    public int limit(Context ctx) {
        final String value = ctx.queryParam("limit");
        if (value == null) {
            return Math.min(DEFAULT_LIMIT, maxPageSize);
        }
        final long limit;
        try {
            limit = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("limit", "limit must be a whole number from 1 to " + maxPageSize);
        }
        if (limit < 1 || limit > maxPageSize) {
            throw new InvalidParameterException("limit", "limit must be from 1 to " + maxPageSize + ", not " + limit);
        }
        return (int) limit;
    }

    /** {@code from} and {@code to}, epoch ms or ISO-8601 instants; defaults: the last day. */
    public TimeRange range(Context ctx) {
        final Instant to = instant(ctx, "to");
        final Instant from = instant(ctx, "from");
        final Instant end = to != null ? to : clock.instant();
        final Instant start = from != null ? from : end.minus(DEFAULT_RANGE);
        if (!start.isBefore(end)) {
            throw new InvalidParameterException(from != null ? "from" : "to",
                    "from (" + start + ") must be before to (" + end + ")");
        }
        if (Duration.between(start, end).compareTo(maxRange) > 0) {
            throw new InvalidParameterException("from", "the range from " + start + " to " + end
                    + " is longer than the maximum of " + maxRange.toDays() + " days; page through shorter ranges");
        }
        return new TimeRange(start, end);
    }

    public String meterId(Context ctx) {
        return meterId(ctx.pathParam("meterId"), "meterId");
    }

    /** The {@code rule} path parameter: an alert rule's name. */
    public String rule(Context ctx) {
        return meterId(ctx.pathParam("rule"), "rule");
    }

    public String optionalMeterId(Context ctx) {
        final String value = ctx.queryParam("meterId");
        return value == null ? null : meterId(value, "meterId");
    }

    private static String meterId(String value, String name) {
        if (value.isEmpty() || value.length() > MAX_METER_ID || value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidParameterException(name, name + " must be 1 to " + MAX_METER_ID
                    + " characters without control characters");
        }
        return value;
    }

    public <E extends Enum<E>> E optionalEnum(Context ctx, String name, Class<E> type) {
        final String value = ctx.queryParam(name);
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(name, name + " must be one of "
                    + java.util.Arrays.toString(type.getEnumConstants()) + ", not '" + shorten(value) + "'");
        }
    }

    /** A UTC day {@code yyyy-MM-dd}; null when the request has none. */
    public LocalDate optionalDay(Context ctx, String name) {
        final String value = ctx.queryParam(name);
        if (value == null) {
            return null;
        }
        try {
            final LocalDate day = LocalDate.parse(value.trim());
            if (day.getYear() < 1970 || day.getYear() > 9999) {
                throw new InvalidParameterException(name, name + " must be between 1970 and 9999");
            }
            return day;
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(name, name + " must be a UTC day such as 2026-01-31, not '"
                    + shorten(value) + "'");
        }
    }

    /** The UTC day before today: the last one that is complete. */
    public LocalDate yesterday() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(1);
    }

    private static Instant instant(Context ctx, String name) {
        final String value = ctx.queryParam(name);
        if (value == null) {
            return null;
        }
        final String v = value.trim();
        try {
            final Instant instant;
            if (EPOCH_MS.matcher(v).matches()) {
                instant = Instant.ofEpochMilli(Long.parseLong(v));
            } else {
                instant = Instant.parse(v);
            }
            if (instant.toEpochMilli() < 0 || instant.toEpochMilli() > MAX_EPOCH_MS) {
                throw new InvalidParameterException(name, name + " must be between 1970 and 9999");
            }
            return instant;
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new InvalidParameterException(name, name + " must be epoch milliseconds or an ISO-8601 instant "
                    + "such as 2026-01-31T12:00:00Z, not '" + shorten(v) + "'");
        }
    }

    private static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
