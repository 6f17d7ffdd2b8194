package io.meterflow.api.commands;

import io.meterflow.api.http.InvalidParameterException;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Command ids: derived from the actor and the {@code Idempotency-Key} header when one is given, so a retried request
 * yields the same id and the alert processor applies it at most once; random otherwise.
 */
final class CommandIds {

    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private CommandIds() {
    }

    static String of(String actor, String idempotencyKey) {
        if (idempotencyKey == null) {
            return UUID.randomUUID().toString();
        }
        if (!SANE.matcher(idempotencyKey).matches()) {
            throw new InvalidParameterException(IDEMPOTENCY_HEADER, IDEMPOTENCY_HEADER
                    + " must be 1 to 128 of A-Z a-z 0-9 . _ : -");
        }
        // Name-based (version 3) UUID: the same (actor, key) always gives the same id; two actors never collide.
        return UUID.nameUUIDFromBytes(("meterflow-alert-command\n" + actor + "\n" + idempotencyKey)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String checked(String commandId) {
        if (commandId == null || !UUID_TEXT.matcher(commandId).matches()) {
            throw new InvalidParameterException("commandId", "commandId must be a lower-case UUID");
        }
        return commandId;
    }
}
