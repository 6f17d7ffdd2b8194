package io.meterflow.api.http;

/** A dependency the request needs (Kafka for writes) is not available: 503, retry later. */
public final class ServiceUnavailableException extends ApiException {

    private final String type;

    public ServiceUnavailableException(String type, String detail) {
        super(detail);
        this.type = type;
    }

    @Override
    public int status() {
        return 503;
    }

    @Override
    public String title() {
        return "Service unavailable";
    }

    @Override
    public String type() {
        return type;
    }
}
