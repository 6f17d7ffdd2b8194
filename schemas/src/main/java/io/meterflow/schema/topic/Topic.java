package io.meterflow.schema.topic;

import io.meterflow.schema.serde.JsonSerde;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.util.Objects;

/**
 * A MeterFlow topic: its name, the type of its values and their serdes. Keys are UTF-8 meter ids.
 *
 * @param schemaResource classpath resource of the value's JSON Schema, null for topics without one (the DLQ)
 */
public record Topic<V>(String name, Class<V> valueType, Serde<V> valueSerde, String schemaResource) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(valueSerde, "valueSerde");
    }

    static <V> Topic<V> json(String name, Class<V> valueType) {
        return new Topic<>(name, valueType, new JsonSerde<>(valueType), "meterflow/schemas/" + name + ".schema.json");
    }

    public Serde<String> keySerde() {
        return Serdes.String();
    }
}
