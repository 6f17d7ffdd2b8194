package io.meterflow.simulator.mqtt;

import io.meterflow.simulator.physics.MeterPhysics;
import io.meterflow.simulator.scenario.MeterSpec;
import io.meterflow.simulator.journal.ServedJournal;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated MQTT meter: its own client (stable client id {@code meterflow-sim-<meterId>}) that publishes
 * telemetry to {@code meters/<meterId>/telemetry} at QoS 1. Without a hold-back it misses its publications while
 * disconnected, as a real meter without a buffer would; Paho reconnects it. With a hold-back ({@code resumeDelay}
 * above zero) it is a meter that must not lose anything: it keeps what it could not publish, or what the broker did
 * not acknowledge, and after every reconnect waits {@code resumeDelay} before it publishes again, so a restarted
 * broker has its subscribers back before it accepts messages it would drop for want of one (docs/mqtt.md).
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
    private final ServedJournal journal;
    private final long resumeDelayMs;
    /** Payloads waiting for the broker (hold-back only), oldest first, with the meter time they carry. */
    private final Deque<Pending> pending = new ArrayDeque<>();
    private volatile long holdUntil;

    MqttMeter(MeterSpec spec, PayloadStyle style, String brokerUri, long startMs) {
        this(spec, style, brokerUri, startMs, ServedJournal.NONE, Duration.ZERO);
    }

    MqttMeter(MeterSpec spec, PayloadStyle style, String brokerUri, long startMs, ServedJournal journal,
              Duration resumeDelay) {
        this.spec = spec;
        this.journal = journal;
        this.resumeDelayMs = resumeDelay.toMillis();
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
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                if (reconnect && resumeDelayMs > 0) {
                    holdUntil = System.currentTimeMillis() + resumeDelayMs;
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                LOG.debug("Meter {} lost the MQTT broker: {}", spec.meterId(), cause.toString());
            }

            @Override
            public void messageArrived(String t, MqttMessage message) {
                // A meter subscribes to nothing.
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // Each publication has its own listener.
            }
        });
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
        if (broken) {
            malformed.incrementAndGet();
        }
        if (resumeDelayMs <= 0) {
            send(new Pending(payload, physics.meterTime(nowMs), broken));
            return;
        }
        pending.addLast(new Pending(payload, physics.meterTime(nowMs), broken));
        flush();
    }

    /** Hold-back only: publishes what waits, unless disconnected or still holding back after a reconnect. */
    synchronized void flush() {
        while (!pending.isEmpty() && client.isConnected() && System.currentTimeMillis() >= holdUntil) {
            if (!send(pending.peekFirst())) {
                return;
            }
            pending.removeFirst();
        }
    }

    /** False when the client refused it (disconnected, too many in flight): it is still the caller's to keep. */
    private boolean send(Pending message) {
        try {
            client.publish(topic, message.payload(), 1, false, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    if (!message.malformed()) {
                        journal.mqttAcknowledged(spec.meterId(), message.meterTime(), System.currentTimeMillis());
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    // Lost with the connection before the broker acknowledged it: publish it again.
                    if (resumeDelayMs > 0) {
                        requeue(message);
                    }
                }
            });
            published.incrementAndGet();
            return true;
        } catch (MqttException e) {
            LOG.debug("Meter {} missed a publication: {}", spec.meterId(), e.toString());
            return false;
        }
    }

    private synchronized void requeue(Pending message) {
        pending.addFirst(message);
    }

    private record Pending(byte[] payload, long meterTime, boolean malformed) {
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
