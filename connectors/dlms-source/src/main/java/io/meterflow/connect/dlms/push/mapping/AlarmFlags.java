package io.meterflow.connect.dlms.push.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Names of the bits of the IDIS alarm register 1 (0.0.97.98.0.255) and alarm register 2 (0.0.97.98.1.255).
 * A set bit without a standard name is reported as {@code BIT_n}.
 */
final class AlarmFlags {

    private static final Map<Integer, String> REGISTER_1 = Map.ofEntries(
            Map.entry(0, "CLOCK_INVALID"), Map.entry(1, "REPLACE_BATTERY"), Map.entry(2, "POWER_UP"),
            Map.entry(8, "PROGRAM_MEMORY_ERROR"), Map.entry(9, "RAM_ERROR"), Map.entry(10, "NV_MEMORY_ERROR"),
            Map.entry(11, "MEASUREMENT_SYSTEM_ERROR"), Map.entry(12, "WATCHDOG_ERROR"),
            Map.entry(13, "FRAUD_ATTEMPT"), Map.entry(16, "COMMUNICATION_ERROR_MBUS_1"),
            Map.entry(17, "COMMUNICATION_ERROR_MBUS_2"), Map.entry(18, "COMMUNICATION_ERROR_MBUS_3"),
            Map.entry(19, "COMMUNICATION_ERROR_MBUS_4"), Map.entry(20, "FRAUD_ATTEMPT_MBUS_1"),
            Map.entry(21, "FRAUD_ATTEMPT_MBUS_2"), Map.entry(22, "FRAUD_ATTEMPT_MBUS_3"),
            Map.entry(23, "FRAUD_ATTEMPT_MBUS_4"), Map.entry(24, "NEW_MBUS_DEVICE_1"),
            Map.entry(25, "NEW_MBUS_DEVICE_2"), Map.entry(26, "NEW_MBUS_DEVICE_3"), Map.entry(27, "NEW_MBUS_DEVICE_4"));
    private static final Map<Integer, String> REGISTER_2 = Map.of(
            0, "TOTAL_POWER_FAILURE", 1, "POWER_RESUME", 2, "VOLTAGE_MISSING_L1", 3, "VOLTAGE_MISSING_L2",
            4, "VOLTAGE_MISSING_L3", 5, "VOLTAGE_NORMAL_L1", 6, "VOLTAGE_NORMAL_L2", 7, "VOLTAGE_NORMAL_L3");

    private AlarmFlags() {
    }

    static List<String> of(String obis, long value) {
        final Map<Integer, String> names = obis.equals("0.0.97.98.0.255") ? REGISTER_1
                : obis.equals("0.0.97.98.1.255") ? REGISTER_2 : Map.of();
        final List<String> flags = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((value >>> bit & 1) == 1) {
                flags.add(names.getOrDefault(bit, "BIT_" + bit));
            }
        }
        return flags;
    }
}
