package io.meterflow.simulator.mqtt;

import io.meterflow.simulator.physics.MeterPhysics;
import io.meterflow.simulator.scenario.MeterSpec;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated MQTT meter: its own client (stable client id {@code meterflow-sim-<meterId>}) that publishes
 * telemetry to {@code meters/<meterId>/telemetry} at QoS 1. While disconnected it misses its publications, as a
 * real meter without a buffer would; Paho reconnects it.
 */
final class MqttMeter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttMeter.class);

    private final MeterSpec spec;
    private final PayloadStyle style;
    private final MeterPhysics physics;
    private final SplittableRandom random;
    private final MqttAsyncClient client;
    private final String topic;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();

    MqttMeter(MeterSpec spec, PayloadStyle style, String brokerUri, long startMs) {
        this.spec = spec;
        this.style = style;
        this.physics = new MeterPhysics(spec.behaviour(), spec.seed(), startMs);
        this.random = new SplittableRandom(spec.seed() ^ 0x5DEECE66DL);
        this.topic = topicOf(spec.meterId());
        try {
            this.client = new MqttAsyncClient(brokerUri, clientIdOf(spec.meterId()), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalStateException("Cannot create the MQTT client of meter " + spec.meterId(), e);
        }
    }

    static String topicOf(String meterId) {
        return "meters/" + meterId + "/telemetry";
    }

    static String clientIdOf(String meterId) {
        return "meterflow-sim-" + meterId;
    }

    void connect() {
        final MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(5_000);
        options.setMaxInflight(100);
        try {
            client.connect(options);
        } catch (MqttException e) {
            LOG.warn("Meter {} cannot connect to the MQTT broker: {}", spec.meterId(), e.toString());
        }
    }

    /** One publication period at true time {@code nowMs}: nothing while silent, else a valid or malformed payload. */
    synchronized void tick(long nowMs) {
        if (physics.silentAt(nowMs)) {
            return;
        }
        final boolean broken = random.nextDouble() < spec.behaviour().malformedRatio();
        final byte[] payload = broken ? MeterPayloads.malformed(physics, nowMs, random)
                : MeterPayloads.valid(spec.meterId(), style, physics, nowMs);
        try {
            client.publish(topic, payload, 1, false);
            published.incrementAndGet();
            if (broken) {
                malformed.incrementAndGet();
            }
        } catch (MqttException e) {
            LOG.debug("Meter {} missed a publication: {}", spec.meterId(), e.toString());
        }
    }

    String meterId() {
        return spec.meterId();
    }

    long published() {
        return published.get();
    }

    long malformed() {
        return malformed.get();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(1_000).waitForCompletion(2_000);
            }
        } catch (MqttException e) {
            LOG.debug("Meter {} disconnect: {}", spec.meterId(), e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("Meter {} close: {}", spec.meterId(), e.toString());
        }
    }
}
