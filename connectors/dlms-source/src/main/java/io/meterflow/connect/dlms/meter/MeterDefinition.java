package io.meterflow.connect.dlms.meter;

import org.apache.kafka.common.config.types.Password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One meter to poll: where it is, how to authenticate, and how often. Secrets are {@link Password}s, so they
 * never show in logs or {@code toString()}.
 *
 * @param pollInterval null for the connector's {@code poll.interval.ms}
 * @param problem      null when the definition is usable; otherwise why the meter cannot be polled
 * @param invocationCounterObis HLS5: the Data object the public client reads the meter's invocation counter from;
 *                     empty when the meter has none readable, null for the default
 * @param clockSync    whether to synchronise this meter's clock; null for the connector's clock.sync.enabled
 * @param transport    wrapper, or HDLC through a gateway at host:port (then {@code clientId} is the client HDLC
 *                     address and {@code logicalDeviceId} the upper HDLC address)
 */
public record MeterDefinition(String meterId, String host, int port, int logicalDeviceId, int clientId,
                              AuthMechanism auth, Password password, Password authenticationKey,
                              Password encryptionKey, Duration pollInterval, MeterProblem problem,
                              String invocationCounterObis, Boolean clockSync, MeterTransport transport) {

    public MeterDefinition {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(transport, "transport");
    }

    public MeterDefinition(String meterId, String host, int port, int logicalDeviceId, int clientId,
                           AuthMechanism auth, Password password, Password authenticationKey,
                           Password encryptionKey, Duration pollInterval, MeterProblem problem,
                           String invocationCounterObis, Boolean clockSync) {
        this(meterId, host, port, logicalDeviceId, clientId, auth, password, authenticationKey, encryptionKey,
                pollInterval, problem, invocationCounterObis, clockSync, MeterTransport.WRAPPER);
    }

    public MeterDefinition(String meterId, String host, int port, int logicalDeviceId, int clientId,
                           AuthMechanism auth, Password password, Password authenticationKey,
                           Password encryptionKey, Duration pollInterval) {
        this(meterId, host, port, logicalDeviceId, clientId, auth, password, authenticationKey, encryptionKey,
                pollInterval, null);
    }

    public MeterDefinition(String meterId, String host, int port, int logicalDeviceId, int clientId,
                           AuthMechanism auth, Password password, Password authenticationKey,
                           Password encryptionKey, Duration pollInterval, MeterProblem problem) {
        this(meterId, host, port, logicalDeviceId, clientId, auth, password, authenticationKey, encryptionKey,
                pollInterval, problem, null, null);
    }

    /** Whether this meter's clock is to be synchronised, given the connector's default. */
    public boolean clockSync(boolean connectorDefault) {
        return clockSync != null ? clockSync : connectorDefault;
    }

    /** The same meter, its invocation counter read from {@code obis} (empty: not readable). */
    public MeterDefinition withInvocationCounterObis(String obis) {
        return new MeterDefinition(meterId, host, port, logicalDeviceId, clientId, auth, password, authenticationKey,
                encryptionKey, pollInterval, problem, obis, clockSync, transport);
    }

    /** The same meter, reached over {@code newTransport}. */
    public MeterDefinition withTransport(MeterTransport newTransport) {
        return new MeterDefinition(meterId, host, port, logicalDeviceId, clientId, auth, password, authenticationKey,
                encryptionKey, pollInterval, problem, invocationCounterObis, clockSync, newTransport);
    }

    /**
     * The gateway an HDLC meter shares with the other meters at the same host and port (one association at a time
     * goes through it); empty for a wrapper meter, which has its own connection.
     */
    public Optional<String> gateway() {
        return transport.isHdlc() ? Optional.of(host.trim().toLowerCase(Locale.ROOT) + ":" + port) : Optional.empty();
    }

    /** A digest of everything that defines the meter, secrets included, without revealing them. */
    public String fingerprint() {
        final String text = String.join("|", meterId, host, String.valueOf(port), String.valueOf(logicalDeviceId),
                String.valueOf(clientId), auth.name(), secret(password), secret(authenticationKey),
                secret(encryptionKey), String.valueOf(pollInterval),
                problem == null ? "" : problem.message(), String.valueOf(invocationCounterObis),
                String.valueOf(clockSync))
                // Wrapper meters keep the digest they had before HDLC existed (no task restart on upgrade).
                + (transport.isHdlc() ? "|" + transport : "");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String secret(Password p) {
        return p == null ? "" : p.value();
    }
}
