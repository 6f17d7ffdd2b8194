package io.meterflow.streams.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Accepts ISO-8601 durations ({@code PT5M}), optionally a comma-separated list of them, each at least {@code min}. */
final class DurationValidator implements ConfigDef.Validator {

    private final Duration min;
    private final boolean list;

    private DurationValidator(Duration min, boolean list) {
        this.min = min;
        this.list = list;
    }

    static DurationValidator atLeast(Duration min) {
        return new DurationValidator(min, false);
    }

    static DurationValidator listOfAtLeast(Duration min) {
        return new DurationValidator(min, true);
    }

    static Duration parse(String name, String text) {
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new ConfigException(name, text, "not an ISO-8601 duration such as PT5M or PT30S");
        }
    }

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            return;
        }
        final List<?> items = value instanceof List<?> l ? l : List.of(value);
        if (!list && items.size() != 1) {
            throw new ConfigException(name, value, "one duration expected");
        }
        for (Object item : items) {
            final Duration d = parse(name, item.toString());
            if (d.compareTo(min) < 0) {
                throw new ConfigException(name, value, "must be at least " + min);
            }
        }
    }

    @Override
    public String toString() {
        return (list ? "list of ISO-8601 durations" : "ISO-8601 duration") + " >= " + min;
    }
}
