package io.meterflow.connect.postgres.decode;

import io.meterflow.connect.postgres.config.TopicKind;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A sink record with its value read into the MeterFlow record type of its topic.
 *
 * @param value a {@code io.meterflow.schema} record matching {@code kind}
 */
public record DecodedRecord(SinkRecord source, TopicKind kind, Object value) {
}
