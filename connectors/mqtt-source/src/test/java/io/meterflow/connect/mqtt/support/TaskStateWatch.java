package io.meterflow.connect.mqtt.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.kafka.embedded.ConnectRestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Polls a connector's REST status in the background for as long as it is open, as an operator's monitoring would,
 * and keeps every status in which the connector or a task was not RUNNING: "RUNNING throughout" is then an empty
 * list, not a single look at the end.
 */
public final class TaskStateWatch implements AutoCloseable {

    private static final Duration INTERVAL = Duration.ofMillis(100);

    private final ConnectRestClient rest;
    private final String connector;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "task-state-watch");
        t.setDaemon(true);
        return t;
    });
    private final List<String> notRunning = new ArrayList<>();
    private final AtomicInteger looks = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    private TaskStateWatch(ConnectRestClient rest, String connector) {
        this.rest = rest;
        this.connector = connector;
    }

    public static TaskStateWatch start(ConnectRestClient rest, String connector) {
        final TaskStateWatch watch = new TaskStateWatch(rest, connector);
        watch.poller.scheduleWithFixedDelay(watch::look, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    private void look() {
        String problem;
        try {
            final JsonNode status = rest.status(connector);
            final boolean running = "RUNNING".equals(status.path("connector").path("state").asText())
                    && !status.path("tasks").isEmpty()
                    && status.path("tasks").findValuesAsText("state").stream().allMatch("RUNNING"::equals);
            problem = running ? null : status.toString();
            if (status.path("tasks").findValuesAsText("state").contains("FAILED")) {
                firstFailure.compareAndSet(null, status.toPrettyString());
            }
        } catch (RuntimeException e) {
            problem = "status not readable: " + e;
        }
        synchronized (notRunning) {
            if (problem != null) {
                notRunning.add(problem);
            }
        }
        looks.incrementAndGet();
    }

    /** How many times the status was read so far. */
    public int looks() {
        return looks.get();
    }

    /**
     * For Awaitility's failFast: a FAILED task never recovers on its own, so a test waiting for its data should stop
     * at once and show the task's trace instead of timing out.
     */
    public void assertNoTaskFailed() {
        final String failure = firstFailure.get();
        if (failure != null) {
            throw new AssertionError("a task of " + connector + " FAILED: " + failure);
        }
    }

    /** Every status seen so far in which the connector or one of its tasks was not RUNNING. */
    public List<String> notRunning() {
        synchronized (notRunning) {
            return List.copyOf(notRunning);
        }
    }

    @Override
    public void close() {
        poller.shutdown();
        try {
            poller.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
