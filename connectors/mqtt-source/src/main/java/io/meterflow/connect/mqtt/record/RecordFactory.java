package io.meterflow.connect.mqtt.record;

import io.meterflow.connect.mqtt.mapping.BadPayloadException;
import io.meterflow.connect.mqtt.session.InboundMessage;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.ReadingStatus;
import io.meterflow.schema.topic.MeterFlowTopics;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kafka records for MQTT messages: the reading as the JSON bytes of schemas' reading serde (the value converter
 * must be ByteArrayConverter, as for the DLMS source), and for an unmappable payload a DLQ record with the raw bytes plus, when the meter is
 * known, a BAD_PAYLOAD reading. Source partition: the MQTT session; offset: the last arrival time.
 */
public final class RecordFactory {

    public static final String PARTITION_CLIENT_ID = "clientId";
    public static final String OFFSET_ARRIVAL = "arrivalMs";
    private static final Serializer<Reading> READINGS = MeterFlowTopics.READINGS.valueSerde().serializer();

    private final String readingsTopic;
    private final String dlqTopic;
    private final String connectorName;

    public RecordFactory(String readingsTopic, String dlqTopic, String connectorName) {
        this.readingsTopic = readingsTopic;
        this.dlqTopic = dlqTopic;
        this.connectorName = connectorName;
    }

    public MqttSourceRecord reading(InboundMessage message, Reading reading) {
        return new MqttSourceRecord(partition(message), offset(message), readingsTopic, Schema.STRING_SCHEMA,
                reading.meterId(), Schema.BYTES_SCHEMA, json(reading), reading.collectedAt(), null,
                message.delivery());
    }

    /** The DLQ record and, when the meter is known, its BAD_PAYLOAD reading. */
    public List<MqttSourceRecord> unmappable(InboundMessage message, BadPayloadException error) {
        final String meterId = error.meterId().orElse(null);
        final ConnectHeaders headers = new ConnectHeaders();
        headers.addString(DlqHeaders.ERROR, error.getMessage());
        headers.addString(DlqHeaders.MQTT_TOPIC, message.topic());
        headers.addString(DlqHeaders.CONNECTOR, connectorName);
        headers.addString(DlqHeaders.CLIENT_ID, message.clientId());
        headers.addString(DlqHeaders.ARRIVAL, Long.toString(message.arrivalMs()));
        final List<MqttSourceRecord> records = new ArrayList<>(2);
        records.add(new MqttSourceRecord(partition(message), offset(message), dlqTopic, Schema.OPTIONAL_STRING_SCHEMA,
                meterId, Schema.BYTES_SCHEMA, message.payload(), message.arrivalMs(), headers, message.delivery()));
        if (meterId != null) {
            records.add(reading(message, Reading.failed(meterId, ReadingSource.MQTT, message.arrivalMs(), 0,
                    ReadingStatus.BAD_PAYLOAD, error.getMessage())));
        }
        return records;
    }

    private static Map<String, ?> partition(InboundMessage message) {
        return Map.of(PARTITION_CLIENT_ID, message.clientId());
    }

    private static Map<String, ?> offset(InboundMessage message) {
        return Map.of(OFFSET_ARRIVAL, message.arrivalMs());
    }

    private byte[] json(Reading reading) {
        try {
            return READINGS.serialize(readingsTopic, reading);
        } catch (SerializationException e) {
            throw new ConnectException("Cannot serialize reading of " + reading.meterId(), e);
        }
    }
}
