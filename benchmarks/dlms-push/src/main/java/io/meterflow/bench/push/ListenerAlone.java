package io.meterflow.bench.push;

import io.meterflow.testing.connect.StandaloneTaskContext;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The push listener with Connect and Kafka taken away: the packaged task (loaded from the plugin directory, child
 * first, as Connect isolates a plugin) is started and polled in a loop by one thread, and every polled record is
 * committed at once ({@code commitRecord}), as a worker does once Kafka stored it. What this serves per second is
 * the listener's own ceiling; the gap to the Connect run is the worker's and Kafka's share. No committed offsets
 * (every meter is new to the task), no producer, no broker.
 */
final class ListenerAlone implements AutoCloseable {

    private static final String TASK_CLASS = "io.meterflow.connect.dlms.push.DlmsPushSourceTask";

    private final URLClassLoader loader;
    private final SourceTask task;
    private final StandaloneTaskContext context;
    private final Thread poller;
    private volatile boolean running = true;

    ListenerAlone(Path pluginPath, Map<String, String> config) throws ReflectiveOperationException {
        loader = new ChildFirst(jars(pluginPath.resolve("meterflow-dlms-source").resolve("lib")),
                ListenerAlone.class.getClassLoader());
        final Thread current = Thread.currentThread();
        final ClassLoader before = current.getContextClassLoader();
        current.setContextClassLoader(loader);
        try {
            task = (SourceTask) loader.loadClass(TASK_CLASS).getConstructor().newInstance();
            context = new StandaloneTaskContext(config);
            task.initialize(context);
            task.start(config);
        } finally {
            current.setContextClassLoader(before);
        }
        poller = new Thread(this::pollLoop, "listener-alone-poll");
        poller.setContextClassLoader(loader);
        poller.setDaemon(true);
        poller.start();
    }

    private void pollLoop() {
        while (running) {
            try {
                final List<SourceRecord> batch = task.poll();
                if (batch != null) {
                    for (SourceRecord record : batch) {
                        task.commitRecord(record, null);
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static URL[] jars(Path lib) {
        try (Stream<Path> files = Files.list(lib)) {
            return files.filter(f -> f.toString().endsWith(".jar")).map(ListenerAlone::url).toArray(URL[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URL url(Path file) {
        try {
            return file.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        task.stop();
        poller.interrupt();
        poller.join(5_000);
        context.close();
        loader.close();
    }

    /** The plugin's own classes and libraries first; Java, Kafka and SLF4J from the application, as in Connect. */
    private static final class ChildFirst extends URLClassLoader {

        ChildFirst(URL[] urls, ClassLoader parent) {
            super("listener-alone", urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("org.apache.kafka.")
                    || name.startsWith("org.slf4j.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> found = findLoadedClass(name);
                if (found == null) {
                    try {
                        found = findClass(name);
                    } catch (ClassNotFoundException notInPlugin) {
                        return super.loadClass(name, resolve);
                    }
                }
                if (resolve) {
                    resolveClass(found);
                }
                return found;
            }
        }
    }
}
