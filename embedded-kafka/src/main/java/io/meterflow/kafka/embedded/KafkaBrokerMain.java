package io.meterflow.kafka.embedded;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link EmbeddedKafkaBroker} as its own process, so a fault suite can SIGKILL it and start it again on the
 * same data directory: {@code KafkaBrokerMain <dataDir> <clientPort> <controllerPort> [key=value ...]}. Prints
 * {@code BROKER_READY <host:port>} once clients can connect.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            throw new IllegalArgumentException(
                    "usage: KafkaBrokerMain <dataDir> <clientPort> <controllerPort> [broker.setting=value ...]");
        }
        final EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder()
                .dataDir(Path.of(args[0]))
                .port(Integer.parseInt(args[1]))
                .controllerPort(Integer.parseInt(args[2]));
        for (int i = 3; i < args.length; i++) {
            final int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("broker settings are key=value, not '" + args[i] + "'");
            }
            builder.brokerProperty(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        final EmbeddedKafkaBroker broker = builder.start();
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "kafka-broker-stop"));
        System.out.println("BROKER_READY " + broker.bootstrapServers());
        System.out.flush();
        stopped.await();
    }
}
