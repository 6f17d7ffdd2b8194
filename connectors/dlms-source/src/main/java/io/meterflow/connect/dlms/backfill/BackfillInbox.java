package io.meterflow.connect.dlms.backfill;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The requests waiting for their meter's next poll cycle, in arrival order per meter. Bounded: the request consumer
 * waits while it is full, so a task never holds more than its capacity however far behind its meters are.
 */
final class BackfillInbox {

    private final int capacity;
    private final Map<String, ArrayDeque<PendingRequest>> byMeter = new HashMap<>();
    private int size;
    private boolean closed;

    BackfillInbox(int capacity) {
        this.capacity = capacity;
    }

    /** Adds a request, waiting while the inbox is full; false once it is closed. */
    synchronized boolean put(PendingRequest request) throws InterruptedException {
        while (size >= capacity && !closed) {
            wait();
        }
        if (closed) {
            return false;
        }
        byMeter.computeIfAbsent(request.request().meterId(), id -> new ArrayDeque<>()).add(request);
        size++;
        return true;
    }

    /** The meter's oldest waiting request, or null. */
    synchronized PendingRequest take(String meterId) {
        final ArrayDeque<PendingRequest> queue = byMeter.get(meterId);
        if (queue == null) {
            return null;
        }
        final PendingRequest next = queue.poll();
        if (queue.isEmpty()) {
            byMeter.remove(meterId);
        }
        size--;
        notifyAll();
        return next;
    }

    synchronized int size() {
        return size;
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
