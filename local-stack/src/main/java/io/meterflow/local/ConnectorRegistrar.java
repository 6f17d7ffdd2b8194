package io.meterflow.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterflow.kafka.embedded.ConnectRestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Registers the connector configs in {@code local-stack/connectors/*.json} ({@code {"name": ..., "config": {...}}})
 * on the local worker. {@code ${MF_HOME}}, {@code ${MF_DATA}}, {@code ${MF_JDBC_URL}}, {@code ${MF_MQTT_URI}},
 * {@code ${MF_PUSH_PORT}} and {@code ${MF_BOOTSTRAP}} in values become the repository, the data directory, the
 * read-model database, the MQTT broker, the DLMS push listener's port and the Kafka broker (for the DLMS source's
 * backfill request consumer). A config whose plugin the worker did not load is skipped with a warning, so one missing
 * build does not stop the rest of the stack.
 */
final class ConnectorRegistrar {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorRegistrar.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConnectorRegistrar() {
    }

    /** Returns the names of the connectors it registered. */
    static List<String> registerAll(ConnectRestClient rest, LocalStackOptions options, String bootstrapServers) {
        final Set<String> plugins = loadedPlugins(rest);
        final List<String> registered = new ArrayList<>();
        for (Path file : configFiles(options)) {
            final JsonNode spec = read(file);
            final String name = spec.path("name").asText();
            final Map<String, String> config = substitute(spec.path("config"), options, bootstrapServers);
            final String connectorClass = config.getOrDefault("connector.class", "");
            if (name.isEmpty() || connectorClass.isEmpty()) {
                LOG.warn("Skipping {}: it needs \"name\" and \"config\".\"connector.class\"", file);
            } else if (!plugins.contains(connectorClass)) {
                LOG.warn("Skipping connector {}: plugin {} is not on plugin.path (build it with ./mvnw package)",
                        name, connectorClass);
            } else {
                rest.putConnector(name, config);
                registered.add(name);
            }
        }
        return registered;
    }

    /** The dead-letter topics the connector configs name, so they can exist before Connect would create them. */
    static List<String> deadLetterTopics(LocalStackOptions options) {
        return configFiles(options).stream()
                .map(file -> read(file).path("config").path("errors.deadletterqueue.topic.name").asText(""))
                .filter(topic -> !topic.isEmpty())
                .toList();
    }

    private static List<Path> configFiles(LocalStackOptions options) {
        final Path dir = options.connectorConfigDir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    private static Set<String> loadedPlugins(ConnectRestClient rest) {
        final Set<String> classes = new HashSet<>();
        for (JsonNode plugin : rest.send("GET", "/connector-plugins?connectorsOnly=true", null).json()) {
            classes.add(plugin.path("class").asText());
        }
        return classes;
    }

    private static Map<String, String> substitute(JsonNode config, LocalStackOptions options, String bootstrapServers) {
        final Map<String, String> values = new LinkedHashMap<>();
        config.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()
                .replace("${MF_HOME}", options.home().toString())
                .replace("${MF_DATA}", options.dataDir().toString())
                .replace("${MF_JDBC_URL}", options.jdbcUrl())
                .replace("${MF_MQTT_URI}", options.mqttBroker())
                .replace("${MF_PUSH_PORT}", Integer.toString(options.pushPort()))
                .replace("${MF_BOOTSTRAP}", bootstrapServers)));
        return values;
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read connector config " + file + ": " + e.getMessage(), e);
        }
    }
}
