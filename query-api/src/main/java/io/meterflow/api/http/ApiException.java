package io.meterflow.api.http;

/** A request the API answers with an RFC 9457 problem; mapped once, in {@link Problems}. */
public abstract class ApiException extends RuntimeException {

    protected ApiException(String detail) {
        super(detail);
    }

    public abstract int status();

    /** Short, stable summary of the problem type. */
    public abstract String title();

    /** Problem type URI suffix, e.g. {@code invalid-parameter}. */
    public abstract String type();

    /** The offending request parameter, or null. */
    public String parameter() {
        return null;
    }

    /** Why an alert command was rejected, or null. */
    public String reason() {
        return null;
    }

    /** The alert command concerned, or null. */
    public String commandId() {
        return null;
    }
}
