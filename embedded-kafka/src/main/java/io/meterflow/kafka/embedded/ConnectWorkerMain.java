package io.meterflow.kafka.embedded;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link EmbeddedConnectWorker} as its own process from {@code key=value} arguments (the worker
 * properties), so tests can kill it with SIGKILL like a crashed worker. Prints {@code CONNECT_READY <url>}
 * once the REST API answers.
 */
public final class ConnectWorkerMain {

    private ConnectWorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        final Map<String, String> props = new HashMap<>();
        for (String arg : args) {
            final int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("worker arguments are key=value, not '" + arg + "'");
            }
            props.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        final EmbeddedConnectWorker worker = EmbeddedConnectWorker.Builder.start(props);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            stopped.countDown();
        }, "connect-worker-stop"));
        System.out.println("CONNECT_READY " + worker.restUrl());
        System.out.flush();
        stopped.await();
    }
}
