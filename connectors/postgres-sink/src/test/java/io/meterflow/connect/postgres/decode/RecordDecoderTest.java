package io.meterflow.connect.postgres.decode;

import io.meterflow.connect.postgres.config.PostgresSinkConfig;
import io.meterflow.connect.postgres.config.TopicKind;
import io.meterflow.schema.Reading;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordDecoderTest {

    private final RecordDecoder decoder = new RecordDecoder(
            new PostgresSinkConfig(Map.of("connection.url", "jdbc:postgresql://localhost/x")).topicRouting());

    private static SinkRecord record(String topic, Object value) {
        return new SinkRecord(topic, 1, null, "m-1", null, value, 42);
    }

    @Test
    void readsJsonTextBytesAndSchemalessMapsIntoTheTopicsRecord() {
        final String json = """
                {"meterId":"m-1","source":"dlms","collectedAt":1000,"meterTime":null,"latencyMs":5,"status":"OK",
                 "error":null,"values":[{"obis":"1.0.1.8.0.255","value":12.5,"unit":"Wh"}]}""";
        final DecodedRecord fromText = decoder.decode(record("meter-readings", json));
        assertThat(fromText.kind()).isEqualTo(TopicKind.READINGS);
        assertThat(((Reading) fromText.value()).values().get(0).value()).isEqualTo(12.5);
        assertThat(decoder.decode(record("meter-readings", json.getBytes())).value()).isEqualTo(fromText.value());
        assertThat(decoder.decode(record("meter-readings", Map.of("meterId", "m-1", "source", "dlms",
                "collectedAt", 1000, "latencyMs", 5, "status", "TIMEOUT", "error", "late", "values", List.of(),
                "meterTime", 7))).value()).isInstanceOf(Reading.class);
    }

    @Test
    void brokenRecordsAreRejectedNamingTheRecordAndTheField() {
        assertThatThrownBy(() -> decoder.decode(record("meter-readings", "{\"meterId\":\"m-1\",\"status\":\"EXPLODED\"}")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("record meter-readings-1@42 breaks the meter-readings schema")
                .hasMessageContaining("/status").hasMessageContaining("/collectedAt");
        assertThatThrownBy(() -> decoder.decode(record("meter-rates", "not json")))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("is not JSON");
        assertThatThrownBy(() -> decoder.decode(record("meter-alerts", null)))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("tombstone");
        assertThatThrownBy(() -> decoder.decode(record("elsewhere", "{}")))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("no topic.* setting");
    }
}
