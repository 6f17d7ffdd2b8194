package io.meterflow.streams.config;

import org.apache.kafka.common.config.ConfigException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the configuration from a properties file, then lets environment variables override it:
 * {@code METERFLOW_STREAMS_} + the key in upper case with dots and dashes as underscores
 * ({@code http.port} → {@code METERFLOW_STREAMS_HTTP_PORT}). Kafka Streams pass-through keys work the same way:
 * {@code METERFLOW_STREAMS_STREAMS_MAX_POLL_RECORDS} → {@code streams.max.poll.records}.
 */
public final class StreamsAppConfigLoader {

    public static final String ENV_PREFIX = "METERFLOW_STREAMS_";

    private StreamsAppConfigLoader() {
    }

    public static StreamsAppConfig load(Path file, Map<String, String> env) {
        final Map<String, String> props = new HashMap<>();
        if (file != null) {
            props.putAll(readFile(file));
        }
        props.putAll(fromEnvironment(env));
        return new StreamsAppConfig(props);
    }

    static Map<String, String> readFile(Path file) {
        final Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new ConfigException("Cannot read streams-app config file " + file.toAbsolutePath() + ": " + e);
        }
        final Map<String, String> out = new HashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
        return out;
    }

    static Map<String, String> fromEnvironment(Map<String, String> env) {
        final Map<String, String> byEnvName = new HashMap<>();
        for (String key : StreamsAppConfig.CONFIG_DEF.names()) {
            byEnvName.put(envName(key), key);
        }
        final Map<String, String> out = new HashMap<>();
        env.forEach((name, value) -> {
            if (!name.startsWith(ENV_PREFIX)) {
                return;
            }
            final String known = byEnvName.get(name);
            if (known != null) {
                out.put(known, value);
            } else if (name.startsWith(envName(StreamsAppConfig.STREAMS_PREFIX))) {
                out.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return out;
    }

    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
