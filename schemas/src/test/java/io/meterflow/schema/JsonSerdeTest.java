package io.meterflow.schema;

import io.meterflow.schema.topic.MeterFlowTopics;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonSerdeTest {

    @Test
    void writesTheWireNamesOfTheContract() {
        final String json = new String(MeterFlowTopics.READINGS.valueSerde().serializer()
                .serialize("meter-readings", Samples.OK_READING), StandardCharsets.UTF_8);

        assertThat(json).contains("\"source\":\"dlms\"", "\"status\":\"OK\"", "\"error\":null",
                "\"obis\":\"1.0.1.8.0.255\"");
    }

    @Test
    void undecodableValueFailsNamingTopicAndType() {
        final byte[] garbage = "{\"meterId\":".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> MeterFlowTopics.READINGS.valueSerde().deserializer().deserialize("meter-readings", garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Reading")
                .hasMessageContaining("meter-readings");
    }

    @Test
    void missingRequiredFieldFailsNamingIt() {
        final byte[] noMeterId = "{\"source\":\"mqtt\",\"collectedAt\":1,\"latencyMs\":0,\"status\":\"OK\",\"values\":[]}"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> MeterFlowTopics.READINGS.valueSerde().deserializer().deserialize("meter-readings", noMeterId))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("meterId");
    }

    @Test
    void unknownFieldsFromALaterSchemaVersionAreTolerated() {
        final byte[] withExtra = ("{\"meterId\":\"m\",\"capturedAt\":5,\"values\":[],\"statusFlags\":null,"
                + "\"addedInV2\":true}").getBytes(StandardCharsets.UTF_8);

        assertThat(MeterFlowTopics.INTERVALS.valueSerde().deserializer().deserialize("meter-intervals", withExtra))
                .isEqualTo(new Interval("m", 5, java.util.List.of(), null, java.util.List.of(), null, Provenance.POLL));
    }

    @Test
    void intervalOfSchemaOneZeroReadsWithoutFlagsOffsetAndAsPolled() {
        final byte[] v100 = "{\"meterId\":\"m\",\"capturedAt\":5,\"values\":[],\"statusFlags\":128}"
                .getBytes(StandardCharsets.UTF_8);

        final Interval read = MeterFlowTopics.INTERVALS.valueSerde().deserializer().deserialize("meter-intervals", v100);

        assertThat(read.statusFlags()).isEqualTo(128);
        assertThat(read.flags()).isEmpty();
        assertThat(read.clockOffsetMs()).isNull();
        assertThat(read.provenance()).isEqualTo(Provenance.POLL);
    }

    @Test
    void intervalWritesFlagsOffsetAndProvenanceByName() {
        final String json = new String(MeterFlowTopics.INTERVALS.valueSerde().serializer()
                .serialize("meter-intervals", Samples.FLAGGED_INTERVAL), StandardCharsets.UTF_8);

        assertThat(json).contains("\"statusFlags\":160", "\"flags\":[\"CLOCK_ADJUSTED\",\"POWER_DOWN\",\"CLOCK_SUSPECT\"]",
                "\"clockOffsetMs\":95000", "\"provenance\":\"BACKFILL\"");
    }
}
