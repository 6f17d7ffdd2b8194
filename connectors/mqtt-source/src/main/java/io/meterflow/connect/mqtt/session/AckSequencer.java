package io.meterflow.connect.mqtt.session;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Acknowledges a session's messages to the broker in the order they arrived (MQTT 3.1.1 §4.6), each only after
 * Kafka took all its records. A message whose connection is gone is not acknowledged: the broker redelivers it
 * on the next connection, where the old packet id may already name another message.
 */
final class AckSequencer {

    /** Sends the PUBACK of one message. */
    interface Acknowledger {
        void acknowledge(int messageId, int qos);
    }

    private final Acknowledger acknowledger;
    private final Deque<Delivery> pending = new ArrayDeque<>();
    private long generation;

    AckSequencer(Acknowledger acknowledger) {
        this.acknowledger = acknowledger;
    }

    /** A message arrived on the current connection. */
    synchronized Delivery arrived(int messageId, int qos) {
        final Delivery delivery = new Delivery(this, generation, messageId, qos);
        pending.addLast(delivery);
        return delivery;
    }

    /**
     * The connection is gone or a new one starts: forget the unacknowledged messages of the old one, the broker
     * sends them again on the new one.
     */
    synchronized void newConnection() {
        generation++;
        pending.clear();
    }

    synchronized void completed(Delivery delivery) {
        if (delivery.generation() != generation) {
            return;
        }
        while (!pending.isEmpty() && pending.peekFirst().isDone()) {
            final Delivery head = pending.removeFirst();
            acknowledger.acknowledge(head.messageId(), head.qos());
        }
    }

    /** Messages of the current connection not yet acknowledged to the broker. */
    synchronized int unacknowledged() {
        return pending.size();
    }
}
