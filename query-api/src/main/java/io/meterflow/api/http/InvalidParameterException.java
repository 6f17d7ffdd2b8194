package io.meterflow.api.http;

/** A query or path parameter that is malformed, out of range or inconsistent with another: 400. */
public final class InvalidParameterException extends ApiException {

    private final String parameter;

    public InvalidParameterException(String parameter, String detail) {
        super(detail);
        this.parameter = parameter;
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public String title() {
        return "Invalid request parameter";
    }

    @Override
    public String type() {
        return "invalid-parameter";
    }

    @Override
    public String parameter() {
        return parameter;
    }
}
