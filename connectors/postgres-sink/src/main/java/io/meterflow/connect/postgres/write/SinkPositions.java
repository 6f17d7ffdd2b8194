package io.meterflow.connect.postgres.write;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/** Where a record was consumed from, before any transformation renamed its topic. */
public final class SinkPositions {

    private SinkPositions() {
    }

    public static TopicPartition partitionOf(SinkRecord record) {
        return new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
    }
}
