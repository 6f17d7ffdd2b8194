package io.meterflow.connect.mqtt.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.connect.mqtt.config.Obis;
import io.meterflow.connect.mqtt.config.ValueName;
import io.meterflow.schema.MeterValue;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.obis.ObisCode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The widely used telemetry format {@code {"ts": <epoch ms>, "values": {"1.0.1.8.0.255": 1234.5, ...}}}: values
 * keyed by OBIS code or by a name mapped in {@code mqtt.value.names}; a value is a number or
 * {@code {"value": <number>, "unit": "<unit>"}}. {@code ts} is the meter's clock, so a redelivered duplicate
 * carries the same (meterId, meterTime) as the original.
 */
final class TelemetryMapper {

    /** At most this many codes are remembered as valid; a fleet publishes a handful. */
    private static final int REMEMBERED_CODES = 1_024;

    private final MeterIdResolver meterIds;
    private final Map<String, ValueName> names;
    /**
     * Keys already found to be OBIS codes: every message repeats the same few, and the check is a regular expression
     * (a fifth of the task thread's time in the MQTT benchmark's profile).
     */
    private final Set<String> validCodes = ConcurrentHashMap.newKeySet();

    TelemetryMapper(MeterIdResolver meterIds, List<ValueName> names) {
        this.meterIds = meterIds;
        this.names = names.stream().collect(Collectors.toUnmodifiableMap(ValueName::name, Function.identity()));
    }

    Reading map(String topic, JsonNode payload, long arrivalMs) throws BadPayloadException {
        final String meterId = meterIds.resolve(topic, payload);
        final JsonNode ts = payload.get("ts");
        if (ts == null || !ts.canConvertToExactIntegral() || !ts.isNumber() || ts.asLong() < 0) {
            throw new BadPayloadException("'ts' must be the meter time in epoch milliseconds (a non-negative integer), got "
                    + (ts == null ? "nothing" : ts.toString()), meterId);
        }
        final JsonNode values = payload.get("values");
        if (values == null || !values.isObject() || values.isEmpty()) {
            throw new BadPayloadException("'values' must be a non-empty object of register values", meterId);
        }
        final List<MeterValue> mapped = new ArrayList<>(values.size());
        final Iterator<Map.Entry<String, JsonNode>> fields = values.fields();
        while (fields.hasNext()) {
            final Map.Entry<String, JsonNode> entry = fields.next();
            mapped.add(value(meterId, entry.getKey(), entry.getValue()));
        }
        return Reading.ok(meterId, ReadingSource.MQTT, arrivalMs, ts.asLong(), 0, mapped);
    }

    private MeterValue value(String meterId, String key, JsonNode node) throws BadPayloadException {
        final String obis;
        String unit;
        final ValueName name = names.get(key);
        if (name != null) {
            obis = name.obis();
            unit = name.unit();
        } else if (isObisCode(key)) {
            obis = key;
            unit = Obis.wellKnownUnit(key);
        } else {
            throw new BadPayloadException("value '" + key + "' is neither an OBIS code (" + ObisCode.FORM + ") nor a name in "
                    + "mqtt.value.names", meterId);
        }
        JsonNode number = node;
        if (node.isObject()) {
            number = node.get("value");
            final JsonNode unitNode = node.get("unit");
            if (unitNode != null && !unitNode.isNull()) {
                if (!unitNode.isTextual()) {
                    throw new BadPayloadException("unit of '" + key + "' must be a string", meterId);
                }
                unit = unitNode.asText();
            }
        }
        if (number == null || !number.isNumber() || !Double.isFinite(number.asDouble())) {
            throw new BadPayloadException("value of '" + key + "' must be a number, got "
                    + (number == null ? "nothing" : number.toString()), meterId);
        }
        return new MeterValue(obis, number.asDouble(), unit);
    }

    private boolean isObisCode(String key) {
        if (validCodes.contains(key)) {
            return true;
        }
        if (!ObisCode.isValid(key)) {
            return false;
        }
        if (validCodes.size() < REMEMBERED_CODES) {
            validCodes.add(key);
        }
        return true;
    }
}
