package io.meterflow.connect.mqtt.mapping;

import java.util.Optional;

/** A payload that cannot become a reading: what is wrong, and the meter when the topic or payload named it. */
public final class BadPayloadException extends Exception {

    private static final int MAX_REASON = 500;
    private final String meterId;

    public BadPayloadException(String reason, String meterId) {
        super(reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "...");
        this.meterId = meterId;
    }

    /** The meter the message came from, when known: its failure then also counts as a BAD_PAYLOAD reading. */
    public Optional<String> meterId() {
        return Optional.ofNullable(meterId);
    }
}
