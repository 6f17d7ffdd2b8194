package io.meterflow.connect.dlms.push;

import io.meterflow.testing.connect.StandaloneTaskContext;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs a {@link DlmsPushSourceTask} the way a worker drives it: start, poll in a loop, and {@code commitRecord} for
 * what it polled once "Kafka stored it" (at once, or only after {@link #storeAgain} when storing is held back).
 * Plugin metrics go to a real Kafka metrics registry; committed offsets are the records' offsets.
 */
final class PushTaskHarness implements AutoCloseable {

    private final DlmsPushSourceTask task = new DlmsPushSourceTask();
    private final List<SourceRecord> stored = new CopyOnWriteArrayList<>();
    private final List<SourceRecord> held = new ArrayList<>();
    private final Map<Map<String, ?>, Map<String, Object>> offsets = new HashMap<>();
    private final StandaloneTaskContext context;
    private final Thread poller;
    private volatile boolean running = true;
    private volatile boolean storing = true;

    PushTaskHarness(Map<String, String> props) {
        context = new StandaloneTaskContext(props, partition -> {
            synchronized (offsets) {
                return offsets.get(partition);
            }
        });
        task.initialize(context);
        task.start(props);
        poller = new Thread(this::pollLoop, "push-harness-poll");
        poller.start();
    }

    private void pollLoop() {
        while (running) {
            try {
                final List<SourceRecord> batch = task.poll();
                if (batch != null) {
                    synchronized (held) {
                        held.addAll(batch);
                        if (storing) {
                            storeHeld();
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void storeHeld() {
        for (SourceRecord record : held) {
            stored.add(record);
            synchronized (offsets) {
                offsets.put(record.sourcePartition(), new HashMap<>(record.sourceOffset()));
            }
            task.commitRecord(record, null);
        }
        held.clear();
    }

    int port() {
        return task.listenPort();
    }

    /** From now on polled records are not stored (Kafka is slow or away). */
    void holdBackStoring() {
        storing = false;
    }

    /** Stores what was held back, and everything from now on. */
    void storeAgain() {
        synchronized (held) {
            storing = true;
            storeHeld();
        }
    }

    List<SourceRecord> stored(String topic) {
        return stored.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    /** The value of a plugin metric by name and a subset of its tags. */
    double metric(String name, Map<String, String> tags) {
        return context.metric(name, tags);
    }

    @Override
    public void close() throws InterruptedException {
        task.stop();
        running = false;
        poller.join(5_000);
        context.close();
    }
}
