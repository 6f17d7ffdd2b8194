package io.meterflow.connect.dlms.push.delivery;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The records of one push on their way into Kafka: done when Connect has committed every one of them
 * ({@code SourceTask.commitRecord}).
 */
public final class Delivery {

    private final String meterId;
    private final long capturedAt;
    private final AtomicInteger outstanding;
    private final CompletableFuture<Void> stored = new CompletableFuture<>();
    private final long createdNanos = System.nanoTime();

    Delivery(String meterId, long capturedAt, int records) {
        this.meterId = meterId;
        this.capturedAt = capturedAt;
        this.outstanding = new AtomicInteger(records);
        if (records == 0) {
            stored.complete(null);
        }
    }

    static Delivery alreadyStored(String meterId, long capturedAt) {
        return new Delivery(meterId, capturedAt, 0);
    }

    public String meterId() {
        return meterId;
    }

    public long capturedAt() {
        return capturedAt;
    }

    /** Completes once every record of the push is stored in Kafka. */
    public CompletableFuture<Void> stored() {
        return stored;
    }

    long ageNanos() {
        return System.nanoTime() - createdNanos;
    }

    /** @return true when this was the last outstanding record */
    boolean recordCommitted() {
        if (outstanding.decrementAndGet() == 0) {
            stored.complete(null);
            return true;
        }
        return false;
    }
}
