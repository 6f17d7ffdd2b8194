package io.meterflow.connect.mqtt.mapping;

import io.meterflow.connect.mqtt.config.MqttSourceConfig;
import io.meterflow.schema.MeterValue;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.ReadingStatus;
import io.meterflow.schema.serde.MeterFlowJson;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.schema.validation.SchemaValidator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadMappersTest {

    private static final long ARRIVAL = 1_763_800_000_500L;
    private static final String TOPIC = "meters/m-17/telemetry";
    private final SchemaValidator validator = new SchemaValidator();

    private static PayloadMapper mapper(Map<String, String> extra) {
        final Map<String, String> props = new HashMap<>(Map.of(MqttSourceConfig.SERVER_URIS_CONFIG, "tcp://localhost:1883"));
        props.putAll(extra);
        return PayloadMappers.of(new MqttSourceConfig(props));
    }

    private static Reading map(PayloadMapper mapper, String topic, String payload) throws BadPayloadException {
        return mapper.map(topic, payload.getBytes(StandardCharsets.UTF_8), ARRIVAL);
    }

    @Test
    void telemetryWithObisKeysBecomesAReadingThatMatchesTheSchema() throws Exception {
        final Reading reading = map(mapper(Map.of()), TOPIC,
                "{\"ts\": 1763800000000, \"values\": {\"1.0.1.8.0.255\": 12345.5, \"1.0.32.7.0.255\": 231,"
                        + " \"0.0.96.1.0.255\": 7}}");

        assertThat(reading).isEqualTo(Reading.ok("m-17", ReadingSource.MQTT, ARRIVAL, 1_763_800_000_000L, 0, List.of(
                new MeterValue("1.0.1.8.0.255", 12345.5, "Wh"), new MeterValue("1.0.32.7.0.255", 231, "V"),
                new MeterValue("0.0.96.1.0.255", 7, null))));
        assertThat(validator.validate(MeterFlowTopics.READINGS, MeterFlowJson.mapper().writeValueAsString(reading)))
                .isEmpty();
    }

    @Test
    void namedValuesAreMappedToObisAndUnitAndExplicitUnitsWin() throws Exception {
        final Reading reading = map(mapper(Map.of(MqttSourceConfig.VALUE_NAMES_CONFIG,
                        "energy=1.0.1.8.0.255:kWh,power=1.0.1.7.0.255:W", MqttSourceConfig.METER_ID_FIELD_CONFIG, "id",
                        MqttSourceConfig.FORMAT_CONFIG, "telemetry")), "gateways/7/up",
                "{\"id\": \"gw7-m3\", \"ts\": 5, \"values\": {\"energy\": 12.5, \"power\": {\"value\": 1.2, \"unit\": \"kW\"}}}");

        assertThat(reading.meterId()).isEqualTo("gw7-m3");
        assertThat(reading.values()).containsExactly(new MeterValue("1.0.1.8.0.255", 12.5, "kWh"),
                new MeterValue("1.0.1.7.0.255", 1.2, "kW"));
    }

    @Test
    void aMeterFlowReadingPayloadIsCheckedAgainstTheSchemaAndMarkedAsMqtt() throws Exception {
        final Reading sent = Reading.ok("m-17", ReadingSource.DLMS, 10, 9L, 3,
                List.of(new MeterValue("1.0.1.8.0.255", 1, "Wh")));
        final Reading reading = map(mapper(Map.of()), TOPIC, MeterFlowJson.mapper().writeValueAsString(sent));

        assertThat(reading).isEqualTo(new Reading("m-17", ReadingSource.MQTT, 10, 9L, 3, ReadingStatus.OK, null,
                sent.values()));
    }

    @Test
    void badPayloadsNameWhatIsWrongAndTheMeterWhenTheTopicNamesIt() {
        final PayloadMapper mapper = mapper(Map.of());

        assertBad(mapper, TOPIC, "not json", "payload is not JSON", "m-17");
        assertBad(mapper, TOPIC, "[1,2]", "must be a JSON object", "m-17");
        assertBad(mapper, TOPIC, "{\"ts\": \"yesterday\", \"values\": {\"1.0.1.8.0.255\": 1}}", "'ts' must be", "m-17");
        assertBad(mapper, TOPIC, "{\"ts\": 1, \"values\": {}}", "'values' must be a non-empty object", "m-17");
        assertBad(mapper, TOPIC, "{\"ts\": 1, \"values\": {\"1.0.1.8.0.255\": \"12\"}}",
                "value of '1.0.1.8.0.255' must be a number", "m-17");
        assertBad(mapper, TOPIC, "{\"ts\": 1, \"values\": {\"energy\": 1}}", "'energy' is neither an OBIS code", "m-17");
        assertBad(mapper, TOPIC, "{\"meterId\": \"m-17\"}", "not a MeterFlow reading", "m-17");
        assertBad(mapper, "elsewhere/m-17", "{\"ts\": 1, \"values\": {\"1.0.1.8.0.255\": 1}}",
                "does not match mqtt.meter.id.topic.template", null);
        assertThatThrownBy(() -> mapper.map(TOPIC, new byte[]{(byte) 0xC3, (byte) 0x28}, ARRIVAL))
                .hasMessageContaining("not UTF-8");
    }

    private static void assertBad(PayloadMapper mapper, String topic, String payload, String reason, String meterId) {
        assertThatThrownBy(() -> map(mapper, topic, payload))
                .isInstanceOfSatisfying(BadPayloadException.class, e -> {
                    assertThat(e.getMessage()).contains(reason);
                    assertThat(e.meterId().orElse(null)).isEqualTo(meterId);
                });
    }
}
