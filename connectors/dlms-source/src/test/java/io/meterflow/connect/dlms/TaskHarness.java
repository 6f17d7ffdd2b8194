package io.meterflow.connect.dlms;

import io.meterflow.testing.connect.StandaloneTaskContext;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs a {@link DlmsSourceTask} outside a worker, the way a worker drives it (start, poll in a loop, stop),
 * collecting what it returns; the plugin metrics go to a real Kafka metrics registry.
 */
final class TaskHarness implements AutoCloseable {

    private final DlmsSourceTask task = new DlmsSourceTask();
    private final List<SourceRecord> records = new CopyOnWriteArrayList<>();
    private final StandaloneTaskContext context;
    private final Thread poller;
    private volatile boolean running = true;

    TaskHarness(Map<String, String> taskProps, Map<Map<String, Object>, Map<String, Object>> committedOffsets) {
        context = new StandaloneTaskContext(taskProps, committedOffsets::get);
        task.initialize(context);
        task.start(taskProps);
        poller = new Thread(() -> {
            while (running) {
                try {
                    final List<SourceRecord> batch = task.poll();
                    if (batch != null) {
                        records.addAll(batch);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "task-harness-poll");
        poller.start();
    }

    List<SourceRecord> records() {
        return new ArrayList<>(records);
    }

    List<SourceRecord> records(String topic) {
        return records.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    /** The value of a plugin metric by name and tags (a subset of its tags). */
    double metric(String name, Map<String, String> tags) {
        return context.metric(name, tags);
    }

    /** Stops the task the way a worker does, and collects what it still hands over. */
    void stopTask() throws InterruptedException {
        task.stop();
        running = false;
        poller.join(5_000);
        List<SourceRecord> rest;
        while ((rest = task.poll()) != null) {
            records.addAll(rest);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (running) {
            stopTask();
        }
        context.close();
    }
}
