package io.meterflow.api.http;

/** An unknown meter or resource: 404. */
public final class NotFoundException extends ApiException {

    public NotFoundException(String detail) {
        super(detail);
    }

    @Override
    public int status() {
        return 404;
    }

    @Override
    public String title() {
        return "Not found";
    }

    @Override
    public String type() {
        return "not-found";
    }
}
