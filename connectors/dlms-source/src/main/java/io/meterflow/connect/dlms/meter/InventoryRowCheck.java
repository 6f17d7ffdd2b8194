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
               String authenticationKey, String encryptionKey, Addressing addressing) {

        Row(String meterId, String host, Integer port, String authMechanism, String password,
            String authenticationKey, String encryptionKey) {
            this(meterId, host, port, authMechanism, password, authenticationKey, encryptionKey,
                    Addressing.WRAPPER);
        }
    }

    /**
     * The row's transport columns as stored: {@code maxInfoLength} null for the connector's default.
     *
     * @param clientId        client_id (the client HDLC address)
     * @param logicalDeviceId logical_device_id (the upper HDLC address)
     */
    record Addressing(String transport, Integer physicalAddress, Integer maxInfoLength, int clientId,
                      int logicalDeviceId) {
        static final Addressing WRAPPER = new Addressing("WRAPPER", null, null, 16, 1);
    }

    static Optional<MeterTransport.Kind> transport(String transport) {
        if (transport == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(MeterTransport.kind(transport));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
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
        final Optional<MeterProblem> addressing = addressingProblem(row);
        if (addressing.isPresent()) {
            return addressing;
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

    /** HDLC addresses and the information field, checked where an operator's own table has no V4_5 constraints. */
    private static Optional<MeterProblem> addressingProblem(Row row) {
        final Addressing a = row.addressing();
        final Optional<MeterTransport.Kind> kind = transport(a.transport());
        if (kind.isEmpty()) {
            return unusable(row, ReadingStatus.UNREACHABLE, "transport", "is '" + a.transport()
                    + "', not one of WRAPPER, HDLC");
        }
        if (kind.get() == MeterTransport.Kind.WRAPPER) {
            return Optional.empty();
        }
        if (a.physicalAddress() == null || !MeterTransport.isPhysicalAddress(a.physicalAddress())) {
            return unusable(row, ReadingStatus.UNREACHABLE, "hdlc_physical_address", "is " + a.physicalAddress()
                    + ", not 0 (none) or within 16-" + MeterTransport.MAX_PHYSICAL_ADDRESS + " (126, 127 reserved)");
        }
        if (a.maxInfoLength() != null && (a.maxInfoLength() < MeterTransport.MIN_INFORMATION_LENGTH
                || a.maxInfoLength() > MeterTransport.MAX_INFORMATION_LENGTH)) {
            return unusable(row, ReadingStatus.UNREACHABLE, "hdlc_max_info_length", "is " + a.maxInfoLength()
                    + ", not within " + MeterTransport.MIN_INFORMATION_LENGTH + "-"
                    + MeterTransport.MAX_INFORMATION_LENGTH);
        }
        if (a.clientId() < 1 || a.clientId() > 0x7F) {
            return unusable(row, ReadingStatus.UNREACHABLE, "client_id", "is " + a.clientId()
                    + ", but a client HDLC address is one byte (1-127)");
        }
        if (a.logicalDeviceId() < 1 || a.logicalDeviceId() > 0x3FFF) {
            return unusable(row, ReadingStatus.UNREACHABLE, "logical_device_id", "is " + a.logicalDeviceId()
                    + ", but an upper HDLC address is at most 16383");
        }
        return Optional.empty();
    }

    /** An HLS5 meter over HDLC whose information field cannot hold the association request. */
    static Optional<MeterProblem> requestProblem(String meterId, MeterTransport transport, AuthMechanism auth,
                                                 boolean ownColumn) {
        return transport.requestTooLong(auth).map(why -> new MeterProblem(ReadingStatus.PROTOCOL_ERROR, "meter "
                + meterId + ": " + (ownColumn ? "inventory column hdlc_max_info_length" : "the connector's "
                + "meter.hdlc.max.info.length (the row's hdlc_max_info_length is NULL)") + " " + why
                + "; the meter is not polled until it is at least " + MeterTransport.HLS5_REQUEST_FIELD));
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
