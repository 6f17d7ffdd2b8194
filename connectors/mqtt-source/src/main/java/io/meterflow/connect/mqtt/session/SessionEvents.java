package io.meterflow.connect.mqtt.session;

/** What a session reports to its task: counts for the metrics, and failures the task must surface. */
public interface SessionEvents {

    void connected(String clientId, boolean reconnect);

    void takeoverDetected(String clientId);

    /** A failure retrying cannot fix (authentication, refused subscription, takeover): the task must fail. */
    void failed(String clientId, RuntimeException failure);
}
