package io.meterflow.streams.it;

import io.meterflow.streams.StreamsApp;

import java.nio.file.Path;

/** The streams app in a child JVM, for tests that kill it with SIGKILL. Argument: the properties file. */
public final class StreamsAppChild {

    private StreamsAppChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        final StreamsApp app = StreamsApp.fromFile(Path.of(args[0]));
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        app.start();
        System.out.println("STREAMS_APP_STARTED");
        Thread.currentThread().join();
    }
}
