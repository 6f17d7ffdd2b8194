package io.meterflow.connect.support;

import io.meterflow.connect.support.config.SettingRules;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingRulesTest {

    private static final String BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";
    private static final ConfigDef DEF = new ConfigDef()
            .define("user", ConfigDef.Type.STRING, "", ConfigDef.Importance.HIGH, "user")
            .define("password", ConfigDef.Type.PASSWORD, "", ConfigDef.Importance.HIGH, "password")
            .define("port", ConfigDef.Type.INT, 1, ConfigDef.Range.atLeast(1), ConfigDef.Importance.HIGH, "port");

    private static SettingRules rules(Map<String, String> props) {
        return new SettingRules(new Config(DEF.validate(props)), props);
    }

    private static Map<String, String> errors(Config config) {
        return config.configValues().stream().filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, v -> String.join("; ", v.errorMessages())));
    }

    @Test
    void aBrokenRuleIsReportedOnTheSettingToChange() {
        final SettingRules rules = rules(Map.of("password", "secret"));
        assertThat(rules.hasErrors()).isFalse();

        rules.require(false, "user", "is required when password is set");
        rules.require(true, "port", "never shown");

        assertThat(rules.hasErrors()).isTrue();
        assertThat(errors(rules.result())).containsExactly(Map.entry("user", "user is required when password is set"));
    }

    @Test
    void singleSettingErrorsAreKeptAndSeen() {
        final SettingRules rules = rules(Map.of("port", "0"));

        assertThat(rules.hasErrors()).isTrue();
        assertThat(errors(rules.result())).containsOnlyKeys("port");
        assertThatThrownBy(() -> rules.report("no.such.setting", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWrongValueConverterIsReportedOnValueConverterWithItsClass() {
        final SettingRules wrong = rules(Map.of("value.converter", "org.apache.kafka.connect.json.JsonConverter"));
        wrong.requireValueConverter(BYTES, false, "records are JSON bytes");

        assertThat(errors(wrong.result())).containsExactly(Map.entry("value.converter",
                "value.converter must be " + BYTES + ": records are JSON bytes"));
        final SettingRules loadable = rules(Map.of("value.converter", "org.apache.kafka.connect.storage.StringConverter"));
        loadable.requireValueConverter(BYTES, false, "why");
        final SettingRules unknown = rules(Map.of("value.converter", "com.example.NoSuchConverter"));
        unknown.requireValueConverter(BYTES, false, "why");
        // Connect merges the entry with its own value.converter check, which holds a Class (or null).
        assertThat(converterValue(loadable.result())).isEqualTo(org.apache.kafka.connect.storage.StringConverter.class);
        assertThat(converterValue(unknown.result())).isNull();
        assertThat(errors(unknown.result())).containsOnlyKeys("value.converter");
    }

    private static Object converterValue(Config config) {
        return config.configValues().stream().filter(v -> v.name().equals("value.converter")).findFirst()
                .orElseThrow().value();
    }

    @Test
    void anUnsetValueConverterPassesUnlessItMustBeSet() {
        final SettingRules lenient = rules(Map.of());
        lenient.requireValueConverter(BYTES, false, "why");
        assertThat(errors(lenient.result())).isEmpty();

        final SettingRules strict = rules(Map.of());
        strict.requireValueConverter(BYTES, true, "why");
        assertThat(errors(strict.result())).containsOnlyKeys("value.converter");

        final SettingRules right = rules(Map.of("value.converter", " " + BYTES + " "));
        right.requireValueConverter(BYTES, true, "why");
        assertThat(errors(right.result())).isEmpty();
    }

    @Test
    void aRuleOnASettingConnectOwnsAddsThatSetting() {
        final SettingRules rules = rules(Map.of("topics", "a,b"));
        rules.reportOnConnectSetting("topics", "a,b", "Topics [b] are not mapped");

        assertThat(errors(rules.result())).containsExactly(Map.entry("topics", "Topics [b] are not mapped"));
    }
}
