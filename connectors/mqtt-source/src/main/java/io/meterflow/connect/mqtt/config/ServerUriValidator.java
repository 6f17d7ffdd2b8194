package io.meterflow.connect.mqtt.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.net.URI;
import java.util.List;

/** Every entry is tcp://host:port or ssl://host:port. */
final class ServerUriValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        final List<?> uris = (List<?>) value;
        if (uris == null || uris.isEmpty()) {
            throw new ConfigException(name, value, "at least one broker URI is required, e.g. tcp://localhost:1883");
        }
        for (Object entry : uris) {
            final String uri = String.valueOf(entry).trim();
            try {
                final URI parsed = URI.create(uri);
                if (!("tcp".equals(parsed.getScheme()) || "ssl".equals(parsed.getScheme()))
                        || parsed.getHost() == null || parsed.getPort() < 0) {
                    throw new ConfigException(name, uri, "expected tcp://host:port or ssl://host:port");
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, uri, "not a URI: " + e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return "tcp://host:port or ssl://host:port, one or more";
    }
}
