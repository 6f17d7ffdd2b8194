package io.meterflow.connect.mqtt.session;

import io.meterflow.connect.mqtt.config.MqttSourceTaskConfig;
import io.meterflow.connect.support.handover.HandoverQueue;
import io.meterflow.connect.support.retry.Backoff;
import io.meterflow.connect.support.thread.DaemonThreads;
import org.apache.kafka.connect.errors.ConnectException;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One persistent MQTT session (one stable client id) feeding a task's queue: QoS 1, clean session off, manual
 * acknowledgements. Connects, subscribes, and after a lost connection reconnects and subscribes again with capped
 * exponential backoff, on its own thread. The Paho callback thread only appends to the bounded queue; when the
 * queue is full it waits, Paho stops reading the socket, and the broker keeps the backlog.
 */
public final class MqttSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttSession.class);
    private static final long OFFER_WAIT_MS = 100;
    private static final long CLOSE_QUIESCE_MS = 1_000;

    private final MqttSourceTaskConfig config;
    private final String clientId;
    private final List<String> subscriptions;
    private final List<String> staleSubscriptions;
    private final boolean draining;
    private final AtomicInteger received = new AtomicInteger();
    private final HandoverQueue<InboundMessage> queue;
    private final SessionEvents events;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options;
    private final AckSequencer acks;
    private final TakeoverDetector takeover;
    private final ScheduledThreadPoolExecutor connector;
    /** Only on the connector thread. */
    private final Backoff backoff;
    /** Only on the connector thread. */
    private boolean reconnectScheduled;
    private boolean everConnected;
    private volatile boolean closed;

    public MqttSession(MqttSourceTaskConfig config, int session, HandoverQueue<InboundMessage> queue,
                       SessionEvents events) {
        this.config = config;
        this.clientId = config.clientId(session);
        this.draining = config.isDraining(session);
        this.subscriptions = config.subscriptionsOf(session);
        this.staleSubscriptions = config.staleSubscriptionsOf(session);
        this.queue = queue;
        this.events = events;
        this.options = MqttOptions.of(config);
        this.takeover = new TakeoverDetector(config.takeoverMaxLosses(), config.takeoverWindow());
        this.backoff = new Backoff(config.reconnectBackoffInitial(), config.reconnectBackoffMax());
        try {
            this.client = new MqttAsyncClient(config.serverUris().get(0), clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new ConnectException("Cannot create MQTT client " + clientId + ": " + e.getMessage(), e);
        }
        this.client.setManualAcks(true);
        this.client.setCallback(new Callback());
        this.acks = new AckSequencer(this::acknowledge);
        this.connector = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("mqtt-session-" + clientId));
        // A reconnect scheduled when the session closes must not run: it would fight the session's next owner.
        this.connector.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    public String clientId() {
        return clientId;
    }

    /** Connects in the background; messages start flowing into the queue once connected and subscribed. */
    public void start() {
        connector.execute(this::connect);
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** Whether this session was removed by lowering mqtt.sessions and only delivers its queued messages. */
    public boolean isDraining() {
        return draining;
    }

    /** Messages received since the session was created. */
    public int received() {
        return received.get();
    }

    /** Messages of the current connection that Kafka has not yet taken (or that wait for an earlier one). */
    public int unacknowledged() {
        return acks.unacknowledged();
    }

    private void connect() {
        reconnectScheduled = false;
        if (closed || client.isConnected()) {
            return;
        }
        try {
            acks.newConnection();
            client.connect(options).waitForCompletion(operationTimeoutMs());
            if (closed) {
                return; // close() waits for this attempt and disconnects
            }
            subscribe();
            dropStaleSubscriptions();
            takeover.connected(System.currentTimeMillis());
            backoff.reset();
            if (draining) {
                LOG.info("MQTT session {} connected to {} to be drained: it left {} and delivers only what the broker "
                        + "queued for it", clientId, client.getCurrentServerURI(), staleSubscriptions);
            } else {
                LOG.info("MQTT session {} connected to {} and subscribed to {}", clientId,
                        client.getCurrentServerURI(), subscriptions);
            }
            events.connected(clientId, everConnected);
            everConnected = true;
        } catch (MqttException e) {
            if (closed) {
                return;
            }
            if (isPermanent(e)) {
                events.failed(clientId, new ConnectException(describePermanent(e), e));
                return;
            }
            disconnectQuietly(0);
            if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT && !client.isConnected()) {
                abortConnectAttempt();
            }
            LOG.warn("MQTT session {} cannot connect to {} ({}); retrying in {} ms", clientId, config.serverUris(),
                    e.toString(), scheduleReconnect());
        }
    }

    private void subscribe() throws MqttException {
        if (subscriptions.isEmpty()) {
            return;
        }
        final String[] filters = subscriptions.toArray(String[]::new);
        final int[] qos = new int[filters.length];
        java.util.Arrays.fill(qos, 1);
        final IMqttToken token = client.subscribe(filters, qos);
        token.waitForCompletion(operationTimeoutMs());
        final int[] granted = token.getGrantedQos();
        for (int i = 0; i < granted.length; i++) {
            if (granted[i] == 0x80) {
                throw new MqttException(MqttException.REASON_CODE_SUBSCRIBE_FAILED,
                        new IllegalStateException("the broker refused the subscription to '" + filters[i] + "'"));
            }
        }
    }

    /**
     * After the shared subscription exists, so no message falls between the two: whatever the stale subscription
     * already queued stays in the session and is delivered; only new copies stop.
     */
    private void dropStaleSubscriptions() throws MqttException {
        client.unsubscribe(staleSubscriptions.toArray(String[]::new))
                .waitForCompletion(operationTimeoutMs());
    }

    /** Connect, subscribe and unsubscribe each wait this long for the broker's answer. */
    private long operationTimeoutMs() {
        return options.getConnectionTimeout() * 1_000L + 5_000L;
    }

    /**
     * One reconnect at a time: when a subscribe fails because the connection dropped, both connect() and
     * connectionLost ask for one, and a second attempt would disconnect the connection the first one made.
     */
    /** Schedules the next connect attempt after the backoff; returns the wait in ms, -1 when none was scheduled. */
    private long scheduleReconnect() {
        if (closed || reconnectScheduled) {
            return -1;
        }
        reconnectScheduled = true;
        final long wait = backoff.nextDelay().toMillis();
        try {
            connector.schedule(this::connect, wait, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            LOG.debug("MQTT session {} is closing; no reconnect", clientId);
        }
        return wait;
    }

    private static boolean isPermanent(MqttException e) {
        return switch (e.getReasonCode()) {
            case MqttException.REASON_CODE_FAILED_AUTHENTICATION, MqttException.REASON_CODE_NOT_AUTHORIZED,
                 MqttException.REASON_CODE_INVALID_CLIENT_ID, MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION,
                 MqttException.REASON_CODE_SUBSCRIBE_FAILED -> true;
            default -> e.getCause() instanceof SSLException;
        };
    }

    private String describePermanent(MqttException e) {
        return switch (e.getReasonCode()) {
            case MqttException.REASON_CODE_FAILED_AUTHENTICATION -> "MQTT broker " + config.serverUris()
                    + " rejected the user name or password of client " + clientId + " (check mqtt.username and mqtt.password)";
            case MqttException.REASON_CODE_NOT_AUTHORIZED -> "MQTT broker " + config.serverUris()
                    + " does not authorise client " + clientId + " (check mqtt.username, mqtt.password and the broker's ACL)";
            case MqttException.REASON_CODE_INVALID_CLIENT_ID -> "MQTT broker " + config.serverUris()
                    + " rejected client id '" + clientId + "' (check mqtt.client.id.prefix)";
            case MqttException.REASON_CODE_SUBSCRIBE_FAILED -> "MQTT session " + clientId + ": "
                    + e.getCause().getMessage() + " (check mqtt.topics and the broker's ACL)";
            default -> "TLS handshake with MQTT broker " + config.serverUris() + " failed for client " + clientId
                    + ": " + e.getCause().getMessage() + " (check mqtt.ssl.truststore.location and the broker certificate)";
        };
    }

    private void acknowledge(int messageId, int qos) {
        try {
            client.messageArrivedComplete(messageId, qos);
        } catch (MqttException e) {
            // The connection went away after the record reached Kafka: the broker redelivers, Kafka gets a duplicate.
            LOG.debug("MQTT session {} could not acknowledge message {}: {}", clientId, messageId, e.toString());
        }
    }

    /**
     * A connect whose CONNACK never came (e.g. the TCP connection reached a broker that was just stopping) stays in
     * progress in Paho, which refuses every later attempt with "Connect already in progress" until it gives up.
     */
    private void abortConnectAttempt() {
        try {
            client.disconnectForcibly(0, 1_000, false);
        } catch (MqttException e) {
            LOG.debug("MQTT session {} abort connect: {}", clientId, e.toString());
        }
    }

    /** @param quiesceMs how long Paho may finish pending work first, e.g. send the acknowledgements just made */
    private void disconnectQuietly(long quiesceMs) {
        try {
            if (client.isConnected()) {
                client.disconnect(quiesceMs).waitForCompletion(quiesceMs + 2_000);
            }
        } catch (MqttException e) {
            LOG.debug("MQTT session {} disconnect: {}", clientId, e.toString());
        }
    }

    /**
     * The first step of closing: from now on the session does not reconnect, also when the broker drops it. A task
     * stops all its sessions this way before it disconnects any, because the broker drops a session as soon as its
     * next owner connects, and a reconnect then would take it back.
     */
    public void stopReconnecting() {
        closed = true;
        connector.shutdown();
    }

    @Override
    public void close() {
        stopReconnecting();
        awaitConnectAttempt();
        disconnectQuietly(CLOSE_QUIESCE_MS);
        // Records Kafka acknowledges from now on must not be acknowledged on a closed client; the broker redelivers.
        acks.newConnection();
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("MQTT session {} close: {}", clientId, e.toString());
        }
        LOG.info("MQTT session {} closed; unacknowledged messages stay with the broker", clientId);
    }

    /**
     * Not interrupted: Paho would go on connecting in the background, and the closed client would stay connected
     * under the session's client id. Once the attempt is over, the disconnect that follows ends it.
     */
    private void awaitConnectAttempt() {
        try {
            if (!connector.awaitTermination(operationTimeoutMs(), TimeUnit.MILLISECONDS)) {
                LOG.warn("MQTT session {}: the connect attempt did not end within {} ms of closing", clientId,
                        operationTimeoutMs());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Callback implements MqttCallback {

        @Override
        public void connectionLost(Throwable cause) {
            acks.newConnection();
            if (closed) {
                return;
            }
            if (takeover.lost(System.currentTimeMillis())) {
                LOG.error("MQTT session {} lost its connection {} times within {} ms of connecting: another client "
                        + "uses the same client id", clientId, takeover.quickLosses(), takeover.windowMs());
                events.takeoverDetected(clientId);
                events.failed(clientId, new ConnectException(takeoverMessage()));
                return;
            }
            LOG.warn("MQTT session {} lost its connection ({}); reconnecting", clientId, String.valueOf(cause));
            try {
                connector.execute(MqttSession.this::scheduleReconnect);
            } catch (RejectedExecutionException closing) {
                LOG.debug("MQTT session {} is closing; no reconnect", clientId);
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
            final InboundMessage inbound = new InboundMessage(clientId, topic, message.getPayload(),
                    System.currentTimeMillis(), acks.arrived(message.getId(), message.getQos()));
            received.incrementAndGet();
            while (!closed) {
                if (queue.offer(inbound, OFFER_WAIT_MS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
            // Closing: the message stays unacknowledged and the broker delivers it again to the next session.
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // The connector never publishes.
        }
    }

    private String takeoverMessage() {
        return "MQTT client id '" + clientId + "' is taken over: the broker dropped this session "
                + takeover.quickLosses() + " times in a row within " + takeover.windowMs() + " ms of connecting, which "
                + "is what happens when another client connects with the same client id. The task stopped instead of "
                + "fighting over the session. Give the other client its own id (or set mqtt.client.id.prefix to one "
                + "no other client uses) and restart the task.";
    }
}
