package io.meterflow.connect.dlms;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Background threads of the connector and its tasks: daemons, so they never hold a worker's JVM open. */
final class DaemonThreads {

    private DaemonThreads() {
    }

    static ScheduledExecutorService singleScheduled(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
