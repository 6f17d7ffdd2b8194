package io.meterflow.local;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code ./meterflow local}: starts the stack, prints where everything is, stops it cleanly on Ctrl-C. */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        final LocalStackOptions options;
        try {
            options = LocalStackOptions.parse(args, Path.of(System.getProperty("meterflow.home", ".")));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.setProperty("meterflow.logDir", options.logDir().toString());
        final long begin = System.nanoTime();
        final LocalStack stack;
        try {
            stack = LocalStack.start(options);
        } catch (RuntimeException e) {
            System.err.println("MeterFlow local stack failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping MeterFlow local stack ...");
            final long stopBegin = System.nanoTime();
            stack.close();
            System.out.printf("MeterFlow local stack stopped in %.1f s%n", (System.nanoTime() - stopBegin) / 1e9);
            stopped.countDown();
        }, "meterflow-local-stop"));

        System.out.printf("%nMeterFlow local stack is up (%.1f s):%n", (System.nanoTime() - begin) / 1e9);
        stack.banner().forEach(line -> System.out.println("  " + line));
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();
        stopped.await();
    }
}
