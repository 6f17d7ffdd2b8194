package io.meterflow.api.http;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named API key: the name is who acts (the actor of alert commands, in logs and the action log); the secret is
 * what a client sends in {@code X-API-Key}. {@link #toString()} never shows the secret.
 */
public record ApiKey(String name, String secret) {

    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    public ApiKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(secret, "secret");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("API key name '" + name + "' must be 1 to 64 of A-Z a-z 0-9 . _ @ -");
        }
        if (secret.isBlank()) {
            throw new IllegalArgumentException("API key '" + name + "' has an empty secret");
        }
    }

    @Override
    public String toString() {
        return "ApiKey[name=" + name + ", secret=****]";
    }
}
