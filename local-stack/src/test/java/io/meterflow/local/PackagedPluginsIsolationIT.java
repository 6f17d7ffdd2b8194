package io.meterflow.local;

import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.connector.Task;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each packaged plugin directory must hold everything its connectors need besides what a stock Connect worker
 * provides (Java, Kafka's APIs, SLF4J). The embedded workers of the other tests run with the whole project on
 * their class path, which hides a library missing from a plugin: here nothing else is visible.
 */
class PackagedPluginsIsolationIT {

    private static final List<String> CONNECTOR_SERVICES = List.of(
            "META-INF/services/org.apache.kafka.connect.source.SourceConnector",
            "META-INF/services/org.apache.kafka.connect.sink.SinkConnector");

    @Test
    void everyPackagedConnectorLoadsItsTaskAndRecordSerdesWithOnlyWhatAStockWorkerProvides() throws Exception {
        final List<Path> plugins = PluginDirectories.find(Path.of(".."));
        assertThat(plugins).as("built plugin directories").hasSize(3);
        for (Path plugin : plugins) {
            try (URLClassLoader loader = new URLClassLoader("plugin " + plugin, jars(plugin), new StockWorkerClasses())) {
                final List<String> connectors = connectorClasses(loader);
                assertThat(connectors).as("connectors declared by %s", plugin).isNotEmpty();
                for (String name : connectors) {
                    final Connector connector = (Connector) loader.loadClass(name).getConstructor().newInstance();
                    assertThat(connector.config().configKeys()).as("%s's settings", name).isNotEmpty();
                    final Task task = connector.taskClass().getConstructor().newInstance();
                    assertThat(task.version()).as("%s's task version", name).isNotBlank();
                }
                // The record serdes build schemas' shared JSON mapper with its modules when the topics initialize.
                assertThat(Class.forName("io.meterflow.schema.topic.MeterFlowTopics", true, loader).getClassLoader())
                        .as("the topic registry inside %s", plugin).isSameAs(loader);
            }
        }
    }

    private static URL[] jars(Path plugin) throws IOException {
        try (Stream<Path> files = Files.walk(plugin)) {
            final List<URL> urls = new ArrayList<>();
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(jar.toUri().toURL());
            }
            return urls.toArray(URL[]::new);
        }
    }

    private static List<String> connectorClasses(URLClassLoader loader) throws IOException {
        final List<String> names = new ArrayList<>();
        for (String service : CONNECTOR_SERVICES) {
            for (URL url : Collections.list(loader.findResources(service))) {
                try (InputStream in = url.openStream()) {
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                            .filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(names::add);
                }
            }
        }
        return names;
    }

    /** The JDK, Kafka and SLF4J; nothing of the project or its other libraries. */
    private static final class StockWorkerClasses extends ClassLoader {

        private final ClassLoader application = PackagedPluginsIsolationIT.class.getClassLoader();

        StockWorkerClasses() {
            super("stock worker", ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (name.startsWith("org.apache.kafka.") || name.startsWith("org.slf4j.")) {
                return application.loadClass(name);
            }
            throw new ClassNotFoundException(name + " is not provided by a stock Connect worker");
        }
    }
}
