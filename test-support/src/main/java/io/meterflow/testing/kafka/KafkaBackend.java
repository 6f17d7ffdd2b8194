package io.meterflow.testing.kafka;

import io.meterflow.kafka.embedded.EmbeddedKafkaBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

import java.util.Locale;

/**
 * Where the test broker comes from: {@code -Dmeterflow.test.kafka=in-process} (default) or
 * {@code testcontainers}. Testcontainers falls back to in-process where no Docker engine answers,
 * so every test passes on machines without Docker.
 */
enum KafkaBackend {
    IN_PROCESS, TESTCONTAINERS;

    static final String PROPERTY = "meterflow.test.kafka";
    static final String KAFKA_IMAGE = "apache/kafka:4.4.0";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBackend.class);

    static KafkaBackend chosen() {
        final String value = System.getProperty(PROPERTY, "in-process").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "in-process", "inprocess", "embedded" -> IN_PROCESS;
            case "testcontainers", "docker" -> dockerAvailable() ? TESTCONTAINERS : fallBack();
            default -> throw new IllegalArgumentException(
                    PROPERTY + " must be 'in-process' or 'testcontainers', not '" + value + "'");
        };
    }

    RunningKafka start() {
        return switch (this) {
            case IN_PROCESS -> {
                final EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start();
                yield new RunningKafka(broker.bootstrapServers(), broker);
            }
            case TESTCONTAINERS -> {
                final KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
                container.start();
                yield new RunningKafka(container.getBootstrapServers(), container::stop);
            }
        };
    }

    private static KafkaBackend fallBack() {
        LOG.warn("{}=testcontainers but no Docker engine answers; using the in-process broker", PROPERTY);
        return IN_PROCESS;
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** A started broker and how to stop it. */
    record RunningKafka(String bootstrapServers, AutoCloseable stopper) implements KafkaTestCluster, AutoCloseable {
        @Override
        public void close() throws Exception {
            stopper.close();
        }
    }
}
