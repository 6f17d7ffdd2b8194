package io.meterflow.connect.support.handover;

import org.apache.kafka.connect.errors.ConnectException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The handover between a source task's protocol threads (DLMS pollers, MQTT callbacks) and
 * {@code SourceTask.poll()}, after Debezium's {@code ChangeEventQueue}: a bounded queue, so a producer waits while
 * Connect is behind instead of piling up memory, and a slot for a producer's failure, so a background thread that
 * cannot go on makes the task fail rather than show RUNNING while delivering nothing.
 *
 * <p>{@link #poll()} waits at most the poll wait for the first item, takes at most the batch size, returns an empty
 * list when nothing came, and rethrows a reported failure (before and after waiting).
 */
public final class HandoverQueue<T> {

    private final BlockingQueue<T> queue;
    private final int maxBatch;
    private final long pollWaitMs;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    public HandoverQueue(int capacity, int maxBatch, Duration pollWait) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + maxBatch);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.pollWaitMs = pollWait.toMillis();
    }

    /** Hands over one item, waiting while the queue is full. */
    public void put(T item) throws InterruptedException {
        queue.put(item);
    }

    /** Hands over one item, waiting at most {@code timeout} while the queue is full; false when it stayed full. */
    public boolean offer(T item, long timeout, TimeUnit unit) throws InterruptedException {
        return queue.offer(item, timeout, unit);
    }

    /**
     * A producer cannot go on: the next {@link #poll()} throws it (a ConnectException as it is, anything else
     * wrapped in one). The first failure wins; later ones are the same outage seen by other threads.
     */
    public void fail(RuntimeException e) {
        failure.compareAndSet(null, e);
    }

    /** The items waiting, at most the batch size; empty after the poll wait when none came. */
    public List<T> poll() throws InterruptedException {
        throwIfFailed();
        final T first = queue.poll(pollWaitMs, TimeUnit.MILLISECONDS);
        if (first == null) {
            throwIfFailed();
            return List.of();
        }
        final List<T> batch = new ArrayList<>(Math.min(queue.size() + 1, maxBatch));
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        return batch;
    }

    /** Items waiting now. */
    public int size() {
        return queue.size();
    }

    private void throwIfFailed() {
        final RuntimeException e = failure.get();
        if (e != null) {
            throw e instanceof ConnectException ? e : new ConnectException(e.getMessage(), e);
        }
    }
}
