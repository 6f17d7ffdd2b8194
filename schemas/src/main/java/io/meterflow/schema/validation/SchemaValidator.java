package io.meterflow.schema.validation;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.meterflow.schema.topic.Topic;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks JSON payloads against the topic schemas in {@code schemas/json} with networknt's draft 2020-12
 * validator, which shares nothing with the Jackson mapper that wrote them. Thread-safe.
 */
public final class SchemaValidator {

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    /** The violations of {@code json} against the schema of {@code topic}; empty when it conforms. */
    public List<Violation> validate(Topic<?> topic, String json) {
        final List<Error> errors = schemaOf(topic).validate(json, InputFormat.JSON);
        return errors.stream().map(SchemaValidator::toViolation).toList();
    }

    public List<Violation> validate(Topic<?> topic, byte[] json) {
        return validate(topic, new String(json, StandardCharsets.UTF_8));
    }

    private Schema schemaOf(Topic<?> topic) {
        if (topic.schemaResource() == null) {
            throw new IllegalArgumentException("Topic " + topic.name() + " has no JSON Schema");
        }
        return schemas.computeIfAbsent(topic.schemaResource(), this::load);
    }

    private Schema load(String resource) {
        try (InputStream in = SchemaValidator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Schema resource " + resource + " is not on the classpath");
            }
            return registry.getSchema(in, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read schema " + resource, e);
        }
    }

    private static Violation toViolation(Error error) {
        final String location = error.getInstanceLocation().toString();
        // "required" errors point at the parent object; name the missing property itself.
        final String field = error.getProperty() != null && "required".equals(error.getKeyword())
                ? location + "/" + error.getProperty()
                : location;
        return new Violation(field, error.getMessage());
    }
}
