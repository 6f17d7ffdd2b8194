package io.meterflow.schema.obis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meterflow.schema.Interval;
import io.meterflow.schema.MeterValue;
import io.meterflow.schema.Rate;
import io.meterflow.schema.RateKind;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.serde.MeterFlowJson;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.schema.topic.Topic;
import io.meterflow.schema.validation.SchemaValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Java validator and the JSON Schemas accept exactly the same OBIS codes. */
class ObisCodeTest {

    private static final SchemaValidator SCHEMAS = new SchemaValidator();

    @ParameterizedTest
    @ValueSource(strings = {"1.0.1.8.0.255", "0.0.1.0.0.255", "0.0.0.0.0.0", "255.255.255.255.255.255",
            "1.0.99.1.0.255", "0.0.96.10.1.255", "249.199.100.10.9.250"})
    void validCodesPassBothTheJavaValidatorAndEverySchema(String code) {
        assertThat(ObisCode.isValid(code)).isTrue();
        assertThat(ObisCode.parse(code).toString()).isEqualTo(code);
        assertThat(schemaViolations(code)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.0.1.8.0.255", "1.0.1.8.0.999", "1.0.1.8.0.300", "01.0.1.8.0.255", "1.0.1.8.00.255",
            "1.0.1.8.0", "1.0.1.8.0.255.1", "1.0.1.8.0.", "1-0:1.8.0*255", "1.0.1.8.0.-1", " 1.0.1.8.0.255",
            "1.0.1.8.0.255 ", "a.b.c.d.e.f", "", "1..1.8.0.255", "1.0.1.8.0.2555"})
    void invalidCodesFailBothTheJavaValidatorAndEverySchema(String code) {
        assertThat(ObisCode.isValid(code)).isFalse();
        assertThat(ObisCode.tryParse(code)).isEmpty();
        assertThatThrownBy(() -> ObisCode.parse(code)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + code + "' is not an OBIS code");
        assertThat(schemaViolations(code)).hasSize(3).allSatisfy(field -> assertThat(field).endsWith("obis"));
    }

    @Test
    void everySchemaWithAnObisFieldUsesThePatternOfTheJavaValidator() throws IOException {
        for (String schema : List.of("meter-readings", "meter-intervals", "meter-rates")) {
            final JsonNode root = read(schema);
            final JsonNode obis = root.at("/properties/obis").isMissingNode()
                    ? root.at("/properties/values/items/properties/obis") : root.at("/properties/obis");
            assertThat(obis.path("pattern").asText()).as(schema).isEqualTo(ObisCode.PATTERN);
        }
    }

    @Test
    void logicalNameBytesRoundTrip() {
        final ObisCode code = ObisCode.parse("1.0.99.1.0.255");

        assertThat(code.logicalName()).containsExactly(1, 0, 99, 1, 0, (byte) 255);
        assertThat(ObisCode.ofLogicalName(code.logicalName())).isEqualTo(code);
    }

    /** The violated field of a reading, an interval and a rate that carry the code (one per schema). */
    private static List<String> schemaViolations(String code) {
        final Reading reading = Reading.ok("m-1", ReadingSource.DLMS, 1L, null, 0, List.of(new MeterValue(code, 1, "Wh")));
        final Interval interval = new Interval("m-1", 1L, List.of(new MeterValue(code, 1, "Wh")), null);
        final Rate rate = new Rate("m-1", code, 0L, 1L, 1, "Wh", 3_600, "W", RateKind.NORMAL);
        return List.of(violations(MeterFlowTopics.READINGS, reading), violations(MeterFlowTopics.INTERVALS, interval),
                violations(MeterFlowTopics.RATES, rate)).stream().flatMap(List::stream).toList();
    }

    private static <T> List<String> violations(Topic<T> topic, T value) {
        final ObjectNode json = MeterFlowJson.mapper().valueToTree(value);
        return SCHEMAS.validate(topic, json.toString()).stream().map(v -> v.field()).toList();
    }

    private static JsonNode read(String schema) throws IOException {
        try (InputStream in = ObisCodeTest.class.getClassLoader()
                .getResourceAsStream("meterflow/schemas/" + schema + ".schema.json")) {
            return MeterFlowJson.mapper().readTree(in);
        }
    }
}
