package io.meterflow.connect.dlms.push.delivery;

import org.apache.kafka.connect.source.SourceRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@link RecordHandover} over a bounded queue; a push's records go in together or not at all. */
public final class BoundedRecordHandover implements RecordHandover {

    private final BlockingQueue<List<SourceRecord>> queue;

    /** @param capacity pushes (record groups) buffered */
    public BoundedRecordHandover(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public boolean offer(List<SourceRecord> records, Duration timeout) throws InterruptedException {
        return queue.offer(List.copyOf(records), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public List<SourceRecord> poll(Duration timeout, int max) throws InterruptedException {
        final List<SourceRecord> first = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
            return List.of();
        }
        final List<SourceRecord> batch = new ArrayList<>(first);
        List<SourceRecord> next;
        while (batch.size() < max && (next = queue.poll()) != null) {
            batch.addAll(next);
        }
        return batch;
    }
}
