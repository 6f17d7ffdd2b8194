package io.meterflow.connect.mqtt.record;

/** Header names on meter-readings-dlq records (values are UTF-8 strings). */
public final class DlqHeaders {

    /** Why the payload could not be mapped. */
    public static final String ERROR = "meterflow.error";
    /** The MQTT topic the payload was published to. */
    public static final String MQTT_TOPIC = "meterflow.mqtt.topic";
    /** The connector that received it. */
    public static final String CONNECTOR = "meterflow.connector";
    /** The MQTT client id (session) that received it. */
    public static final String CLIENT_ID = "meterflow.mqtt.client.id";
    /** Arrival time, epoch ms. */
    public static final String ARRIVAL = "meterflow.arrival.ms";

    private DlqHeaders() {
    }
}
