package io.meterflow.schema;

/** Outcome of one poll cycle or message. Everything but {@link #OK} counts as failed. */
public enum ReadingStatus {
    OK, TIMEOUT, UNREACHABLE, AUTH_FAILED, PROTOCOL_ERROR, BAD_PAYLOAD;

    public boolean isFailure() {
        return this != OK;
    }
}
