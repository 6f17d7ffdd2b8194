package io.meterflow.connect.support.thread;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Background threads of connectors and their tasks: daemons, so they never hold a worker's JVM open. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Threads named {@code name}: for an executor with one thread. */
    public static ThreadFactory named(String name) {
        return r -> daemon(r, name);
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, … */
    public static ThreadFactory numbered(String prefix) {
        final AtomicInteger n = new AtomicInteger();
        return r -> daemon(r, prefix + "-" + n.incrementAndGet());
    }

    /** A scheduled executor with one daemon thread named {@code name}. */
    public static ScheduledExecutorService singleScheduled(String name) {
        return Executors.newSingleThreadScheduledExecutor(named(name));
    }

    private static Thread daemon(Runnable r, String name) {
        final Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
