package io.meterflow.testing.kafka;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link KafkaTestCluster} parameter: ONE broker per test JVM (surefire/failsafe fork),
 * started on first use and stopped when the JVM's test run ends. Test classes share it, so each
 * test uses its own topic names.
 *
 * <pre>{@code
 * @ExtendWith(KafkaExtension.class)
 * class MyIT {
 *     @Test void roundTrip(KafkaTestCluster kafka) { kafka.createTopics(1, "my-topic"); ... }
 * }
 * }</pre>
 */
public final class KafkaExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaTestCluster.class;
    }

    @Override
    public KafkaTestCluster resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The root store lives as long as the fork; JUnit closes AutoCloseable values at its end.
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("cluster", key -> KafkaBackend.chosen().start(), KafkaBackend.RunningKafka.class);
    }
}
