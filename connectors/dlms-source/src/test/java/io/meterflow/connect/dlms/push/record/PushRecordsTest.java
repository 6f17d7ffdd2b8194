package io.meterflow.connect.dlms.push.record;

import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingSource;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A push record's source partition is the key Connect stores the meter's offset under: the task reads it back
 * after a restart (and an operator through the offsets API) by the serialized form, so it must stay exactly the
 * partition a plain HashMap {meterId, stream=push} gives, however the connector builds it.
 */
class PushRecordsTest {

    private final PushRecords records = new PushRecords("r", "i", "e", "d");

    @Test
    void aMetersRecordsShareOnePartitionThatSerializesAndComparesAsTheHashMapOfItsFields() {
        final SourceRecord first = records.reading(reading("meter-7"), 1_000L);
        final SourceRecord second = records.reading(reading("meter-7"), 2_000L);
        final Map<String, Object> plain = new HashMap<>();
        plain.put("meterId", "meter-7");
        plain.put("stream", "push");

        assertThat(second.sourcePartition()).isSameAs(first.sourcePartition());
        assertThat(first.sourcePartition()).isEqualTo(plain).hasSameHashCodeAs(plain);
        assertThat(plain).isEqualTo(first.sourcePartition());
        assertThat(PushRecords.partition("meter-7")).isEqualTo(first.sourcePartition());
        assertThat(json(first.sourcePartition())).isEqualTo(json(plain))
                .isEqualTo("[\"push-task\",{\"stream\":\"push\",\"meterId\":\"meter-7\"}]");
        assertThat(records.reading(reading("meter-8"), 1_000L).sourcePartition())
                .isNotEqualTo(first.sourcePartition());
    }

    /** The offset key as the worker writes it: [connector name, partition] through a schemaless JsonConverter. */
    private static String json(Map<String, ?> partition) {
        try (JsonConverter converter = new JsonConverter()) {
            converter.configure(Map.of("schemas.enable", "false"), true);
            final byte[] bytes = converter.fromConnectData("offsets", null, Arrays.asList("push-task", partition));
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static Reading reading(String meterId) {
        return Reading.ok(meterId, ReadingSource.DLMS, 1_000L, 1_000L, 0, List.of());
    }
}
