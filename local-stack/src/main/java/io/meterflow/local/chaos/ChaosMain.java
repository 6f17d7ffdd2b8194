package io.meterflow.local.chaos;

import java.nio.file.Path;

/**
 * {@code ./meterflow chaos [--short]}: the end-to-end fault suite. Exit 0 when nothing was lost or duplicated, every
 * fault recovered and no secret leaked; 1 otherwise; 2 for a bad command line.
 */
public final class ChaosMain {

    private ChaosMain() {
    }

    public static void main(String[] args) {
        final ChaosOptions options;
        try {
            options = ChaosOptions.parse(args, Path.of(System.getProperty("meterflow.home", ".")));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.setProperty("meterflow.logDir", options.runDir().resolve("logs").resolve("suite").toString());
        final FaultSuite suite = new FaultSuite(options, line -> {
            System.out.println(line);
            System.out.flush();
        });
        // Ctrl-C or SIGTERM must not leave the broker, workers and the fleet running without the suite.
        Runtime.getRuntime().addShutdownHook(new Thread(suite::abort, "chaos-abort"));
        boolean clean;
        try {
            clean = suite.run();
        } catch (RuntimeException e) {
            System.err.println("The fault suite could not run: " + e.getMessage());
            e.printStackTrace();
            clean = false;
        }
        System.exit(clean ? 0 : 1);
    }
}
