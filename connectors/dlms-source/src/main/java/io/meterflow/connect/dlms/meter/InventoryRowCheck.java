package io.meterflow.connect.dlms.meter;

import io.meterflow.schema.ReadingStatus;

import java.util.Locale;
import java.util.Optional;

/**
 * Checks one inventory row before it is polled. The project's migration constrains the table, but an operator's own
 * table (inventory.table) may not, and an empty LLS password passes a NOT NULL check: such a row must surface as a
 * clear error on that meter alone, not as an exception in every cycle or a failed task.
 */
final class InventoryRowCheck {

    private static final String HEX_KEY = "[0-9a-fA-F]{32}";

    private InventoryRowCheck() {
    }

    /** The raw row: text as stored, port null when the column is NULL. */
    record Row(String meterId, String host, Integer port, String authMechanism, String password,
               String authenticationKey, String encryptionKey) {
    }

    static Optional<AuthMechanism> auth(String authMechanism) {
        if (authMechanism == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(AuthMechanism.valueOf(authMechanism.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static Optional<MeterProblem> problem(Row row) {
        if (row.host() == null || row.host().isBlank()) {
            return unusable(row, ReadingStatus.UNREACHABLE, "host", "is empty");
        }
        if (row.port() == null || row.port() < 1 || row.port() > 65_535) {
            return unusable(row, ReadingStatus.UNREACHABLE, "port", "is " + row.port() + ", not within 1-65535");
        }
        final Optional<AuthMechanism> auth = auth(row.authMechanism());
        if (auth.isEmpty()) {
            return unusable(row, ReadingStatus.AUTH_FAILED, "auth_mechanism",
                    "is '" + row.authMechanism() + "', not one of NONE, LOW, HLS5_GMAC");
        }
        return switch (auth.get()) {
            case NONE -> Optional.empty();
            case LOW -> row.password() == null || row.password().isEmpty()
                    ? unusable(row, ReadingStatus.AUTH_FAILED, "password", "is empty but auth_mechanism is LOW")
                    : Optional.empty();
            case HLS5_GMAC -> hexKeyProblem(row, "authentication_key", row.authenticationKey())
                    .or(() -> hexKeyProblem(row, "encryption_key", row.encryptionKey()));
        };
    }

    private static Optional<MeterProblem> hexKeyProblem(Row row, String column, String key) {
        if (key == null || !key.matches(HEX_KEY)) {
            return unusable(row, ReadingStatus.AUTH_FAILED, column, (key == null ? "is empty" : "is not 32 hex digits")
                    + " but auth_mechanism HLS5_GMAC needs a 128-bit key");
        }
        return Optional.empty();
    }

    private static Optional<MeterProblem> unusable(Row row, ReadingStatus status, String column, String what) {
        return Optional.of(new MeterProblem(status, "meter " + row.meterId() + ": inventory column " + column + " "
                + what + "; the meter is not polled until its row is fixed"));
    }
}
