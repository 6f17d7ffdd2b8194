package io.meterflow.connect.dlms;

import io.meterflow.schema.BackfillReason;
import io.meterflow.schema.BackfillRequest;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.testing.kafka.KafkaTestCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;

/** Backfill requests as the completeness ledger writes them: keyed by meter id, the request time as timestamp. */
final class BackfillRequests {

    private BackfillRequests() {
    }

    /** A first attempt (reason GAP) for the range {@code from..to} of a profile with this capture period. */
    static BackfillRequest of(String meterId, long from, long to, int capturePeriodSeconds) {
        return new BackfillRequest(meterId, BackfillRequest.requestIdOf(meterId, from, to), from, to,
                capturePeriodSeconds, BackfillReason.GAP, 1, System.currentTimeMillis());
    }

    static void send(KafkaTestCluster kafka, String topic, BackfillRequest... requests) {
        final var serializer = MeterFlowTopics.BACKFILL_REQUESTS.valueSerde().serializer();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            for (BackfillRequest request : requests) {
                producer.send(new ProducerRecord<>(topic, null, request.requestedAt(), request.meterId(),
                        serializer.serialize(topic, request)));
            }
        }
    }
}
