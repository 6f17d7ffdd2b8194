package io.meterflow.connect.mqtt.support;

/** Payloads in the telemetry format, as meters publish them. */
public final class Telemetry {

    private Telemetry() {
    }

    public static String topic(String meterId) {
        return "meters/" + meterId + "/telemetry";
    }

    /** A valid telemetry payload whose meter time {@code ts} identifies the message. */
    public static String payload(long ts) {
        return "{\"ts\":" + ts + ",\"values\":{\"1.0.1.8.0.255\":" + (ts % 100_000) + ".5,\"1.0.1.7.0.255\":1500}}";
    }
}
