package io.meterflow.schema.validation;

/**
 * One way a payload breaks its topic's JSON Schema.
 *
 * @param field   JSON Pointer (RFC 6901) of the offending field, e.g. {@code /meterId} or {@code /values/0/value}
 * @param message what is wrong, from the validator
 */
public record Violation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
