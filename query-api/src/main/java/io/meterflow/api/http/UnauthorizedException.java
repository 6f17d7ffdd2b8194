package io.meterflow.api.http;

/** No or an unknown API key while keys are configured: 401. */
public final class UnauthorizedException extends ApiException {

    public UnauthorizedException(String detail) {
        super(detail);
    }

    @Override
    public int status() {
        return 401;
    }

    @Override
    public String title() {
        return "Unauthorized";
    }

    @Override
    public String type() {
        return "unauthorized";
    }
}
