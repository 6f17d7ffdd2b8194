package io.meterflow.connect.support.config;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of a connector's {@code validate()}: the ConfigDef's per-setting checks plus the rules across settings,
 * each reported on the setting an operator has to change, so Connect's REST {@code /validate} shows it there.
 *
 * <pre>{@code
 * final SettingRules rules = new SettingRules(super.validate(props), props);
 * if (!rules.hasErrors()) {           // the rules need the single settings valid
 *     rules.require(a || b, "some.setting", "is required when ...");
 * }
 * rules.requireValueConverter(ByteArrayConverter.class.getName(), false, "the records are ready-made JSON");
 * return rules.result();
 * }</pre>
 */
public final class SettingRules {

    public static final String VALUE_CONVERTER_CONFIG = "value.converter";

    private final Map<String, ConfigValue> byName = new LinkedHashMap<>();
    private final Map<String, String> props;

    public SettingRules(Config validated, Map<String, String> props) {
        validated.configValues().forEach(v -> byName.put(v.name(), v));
        this.props = props;
    }

    /** True when any setting has an error so far (rules across settings usually need valid single settings). */
    public boolean hasErrors() {
        return byName.values().stream().anyMatch(v -> !v.errorMessages().isEmpty());
    }

    /** Unless {@code ok}, reports "{@code setting message}" on the setting. */
    public void require(boolean ok, String setting, String message) {
        if (!ok) {
            report(setting, setting + " " + message);
        }
    }

    /** Adds an error message to a setting of the connector's ConfigDef. */
    public void report(String setting, String message) {
        final ConfigValue value = byName.get(setting);
        if (value == null) {
            throw new IllegalArgumentException("no setting " + setting + " in this connector's ConfigDef");
        }
        value.addErrorMessage(message);
    }

    /**
     * The worker's {@code value.converter} setting must name {@code converterClass} on this connector; when
     * {@code mustBeSet} is false, an unset one (the worker's default applies, which a connector cannot see) passes.
     */
    public void requireValueConverter(String converterClass, boolean mustBeSet, String why) {
        final String converter = props.get(VALUE_CONVERTER_CONFIG);
        final String named = converter == null || converter.isBlank() ? null : converter.trim();
        if (converterClass.equals(named) || (named == null && !mustBeSet)) {
            return;
        }
        // Connect merges this entry with its own value.converter check, which expects the value as a Class.
        reportOnConnectSetting(VALUE_CONVERTER_CONFIG, converterClass(named),
                VALUE_CONVERTER_CONFIG + " must be " + converterClass + ": " + why);
    }

    /**
     * Adds an error message to a setting Connect owns ({@code topics}, {@code value.converter}, …), which is not in
     * the connector's ConfigDef; Connect merges the entry with its own for that setting, showing {@code value}.
     */
    public void reportOnConnectSetting(String setting, Object value, String message) {
        byName.computeIfAbsent(setting, s -> new ConfigValue(s, value, List.of(), new ArrayList<>()))
                .addErrorMessage(message);
    }

    public Config result() {
        return new Config(new ArrayList<>(byName.values()));
    }

    private static Class<?> converterClass(String name) {
        if (name == null) {
            return null;
        }
        try {
            return Class.forName(name, false, SettingRules.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
