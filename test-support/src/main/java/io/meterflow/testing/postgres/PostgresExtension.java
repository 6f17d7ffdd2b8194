package io.meterflow.testing.postgres;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link TestDatabase} parameter: one new database per test class, dropped after the class.
 * The server is shared by the whole test JVM.
 */
public final class PostgresExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public TestDatabase resolveParameter(ParameterContext parameter, ExtensionContext context) {
        final PostgresServer server = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("server", key -> PostgresServer.chosen(), PostgresServer.class);
        final ExtensionContext classContext = classContextOf(context);
        return classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent("database", key -> new DroppedOnClose(server,
                        server.createDatabase(classContext.getRequiredTestClass().getSimpleName())), DroppedOnClose.class)
                .database();
    }

    private static ExtensionContext classContextOf(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    private record DroppedOnClose(PostgresServer server, TestDatabase database) implements AutoCloseable {
        @Override
        public void close() {
            server.dropDatabase(database);
        }
    }
}
