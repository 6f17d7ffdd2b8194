package io.meterflow.connect.mqtt.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An MQTT topic pattern with one {@code {meterId}} placeholder that stands for one topic level, e.g.
 * {@code meters/{meterId}/telemetry}. {@code +} and {@code #} match as in MQTT filters.
 */
public final class TopicTemplate {

    public static final String PLACEHOLDER = "{meterId}";

    private final String template;
    private final Pattern pattern;

    private TopicTemplate(String template, Pattern pattern) {
        this.template = template;
        this.pattern = pattern;
    }

    /** @throws IllegalArgumentException when the template lacks exactly one {@code {meterId}} */
    public static TopicTemplate compile(String template) {
        final int first = template.indexOf(PLACEHOLDER);
        if (first < 0 || template.indexOf(PLACEHOLDER, first + 1) >= 0) {
            throw new IllegalArgumentException("needs exactly one " + PLACEHOLDER + " placeholder");
        }
        final StringBuilder regex = new StringBuilder("^");
        final String[] levels = template.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            if (i > 0) {
                regex.append('/');
            }
            regex.append(levelRegex(levels[i], i == levels.length - 1));
        }
        return new TopicTemplate(template, Pattern.compile(regex.append('$').toString()));
    }

    private static String levelRegex(String level, boolean last) {
        if (level.equals("+")) {
            return "[^/]*";
        }
        if (level.equals("#")) {
            if (!last) {
                throw new IllegalArgumentException("'#' may only be the last level");
            }
            return ".*";
        }
        final int at = level.indexOf(PLACEHOLDER);
        if (at < 0) {
            return Pattern.quote(level);
        }
        return (at > 0 ? Pattern.quote(level.substring(0, at)) : "") + "(?<meterId>[^/]+)"
                + (at + PLACEHOLDER.length() < level.length()
                ? Pattern.quote(level.substring(at + PLACEHOLDER.length())) : "");
    }

    /** The meter id in {@code topic}, or empty when the topic does not match the template. */
    public Optional<String> meterId(String topic) {
        final Matcher m = pattern.matcher(topic);
        return m.matches() ? Optional.of(m.group("meterId")) : Optional.empty();
    }

    @Override
    public String toString() {
        return template;
    }
}
