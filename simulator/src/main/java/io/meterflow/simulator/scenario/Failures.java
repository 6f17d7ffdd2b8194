package io.meterflow.simulator.scenario;

/**
 * Probabilities (0..1) that one request or connection attempt fails in a given way.
 *
 * @param timeout    the meter accepts the request and never answers
 * @param refused    the TCP connection is refused (the meter is unreachable)
 * @param garbage    the meter answers with bytes that are not DLMS
 * @param authReject the association is rejected as if the credentials were wrong
 */
public record Failures(double timeout, double refused, double garbage, double authReject) {

    public static final Failures NONE = new Failures(0, 0, 0, 0);

    public double total() {
        return timeout + refused + garbage + authReject;
    }
}
