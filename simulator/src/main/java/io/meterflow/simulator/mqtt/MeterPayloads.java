package io.meterflow.simulator.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meterflow.schema.MeterValue;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.serde.MeterFlowJson;
import io.meterflow.simulator.physics.MeterPhysics;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/** The payloads a simulated MQTT meter publishes, valid or deliberately malformed. */
final class MeterPayloads {

    static final String ENERGY_IMPORT = "1.0.1.8.0.255";
    static final String ENERGY_EXPORT = "1.0.2.8.0.255";
    static final String POWER_IMPORT = "1.0.1.7.0.255";
    static final String VOLTAGE_L1 = "1.0.32.7.0.255";
    static final String CURRENT_L1 = "1.0.31.7.0.255";

    private MeterPayloads() {
    }

    /** What the meter measures at true time {@code nowMs}, stamped with its own (possibly drifting) clock. */
    static byte[] valid(String meterId, PayloadStyle style, MeterPhysics physics, long nowMs) {
        final long meterTime = physics.meterTime(nowMs);
        final List<MeterValue> values = List.of(
                new MeterValue(ENERGY_IMPORT, round(physics.importWh(nowMs)), "Wh"),
                new MeterValue(ENERGY_EXPORT, round(physics.exportWh(nowMs)), "Wh"),
                new MeterValue(POWER_IMPORT, round(physics.powerW(nowMs)), "W"),
                new MeterValue(VOLTAGE_L1, round(physics.voltageV(nowMs)), "V"),
                new MeterValue(CURRENT_L1, round(physics.currentA(nowMs)), "A"));
        try {
            if (style == PayloadStyle.READING) {
                return MeterFlowJson.mapper().writeValueAsBytes(
                        Reading.ok(meterId, ReadingSource.MQTT, nowMs, meterTime, 0, values));
            }
            final ObjectNode payload = MeterFlowJson.mapper().createObjectNode().put("ts", meterTime);
            final ObjectNode registers = payload.putObject("values");
            values.forEach(v -> registers.put(v.obis(), v.value()));
            return MeterFlowJson.mapper().writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a payload for " + meterId, e);
        }
    }

    /** A payload a collector must reject: cut off, a register as text, or no meter time. */
    static byte[] malformed(MeterPhysics physics, long nowMs, SplittableRandom random) {
        final long meterTime = physics.meterTime(nowMs);
        final String text = switch (random.nextInt(3)) {
            case 0 -> "{\"ts\": " + meterTime + ", \"values\": {\"" + ENERGY_IMPORT + "\": ";
            case 1 -> "{\"ts\": " + meterTime + ", \"values\": {\"" + ENERGY_IMPORT + "\": \"n/a\"}}";
            default -> "{\"values\": {\"" + ENERGY_IMPORT + "\": " + round(physics.importWh(nowMs)) + "}}";
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static double round(double value) {
        return Math.round(value * 1_000) / 1_000.0;
    }
}
