package io.meterflow.connect.mqtt.record;

import io.meterflow.connect.mqtt.session.Delivery;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.Map;

/**
 * A source record that remembers the MQTT message it came from, so commitRecord() can acknowledge that message.
 * Connect hands commitRecord() the record poll() returned (before transformations), so the link survives SMTs.
 */
public final class MqttSourceRecord extends SourceRecord {

    private final Delivery delivery;

    MqttSourceRecord(Map<String, ?> sourcePartition, Map<String, ?> sourceOffset, String topic, Schema keySchema,
                     Object key, Schema valueSchema, Object value, Long timestamp, Headers headers, Delivery delivery) {
        super(sourcePartition, sourceOffset, topic, null, keySchema, key, valueSchema, value, timestamp, headers);
        this.delivery = delivery;
    }

    public Delivery delivery() {
        return delivery;
    }
}
