package io.meterflow.connect.mqtt.session;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One MQTT message on its way to Kafka: acknowledged to the broker once every Kafka record made from it
 * (a reading, or a DLQ record and possibly a BAD_PAYLOAD reading) has been acknowledged by Kafka.
 */
public final class Delivery {

    private final AckSequencer sequencer;
    private final long generation;
    private final int messageId;
    private final int qos;
    private final AtomicInteger pendingRecords = new AtomicInteger(-1);
    private volatile boolean done;

    Delivery(AckSequencer sequencer, long generation, int messageId, int qos) {
        this.sequencer = sequencer;
        this.generation = generation;
        this.messageId = messageId;
        this.qos = qos;
    }

    /** Declares how many Kafka records carry this message; call once, before any of them is sent. */
    public void expectRecords(int records) {
        if (!pendingRecords.compareAndSet(-1, records)) {
            throw new IllegalStateException("records of message " + messageId + " declared twice");
        }
    }

    /** Kafka acknowledged one of this message's records. */
    public void recordDone() {
        if (pendingRecords.decrementAndGet() == 0) {
            done = true;
            sequencer.completed(this);
        }
    }

    boolean isDone() {
        return done;
    }

    long generation() {
        return generation;
    }

    int messageId() {
        return messageId;
    }

    int qos() {
        return qos;
    }
}
