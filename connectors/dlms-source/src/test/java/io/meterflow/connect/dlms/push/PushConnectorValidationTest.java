package io.meterflow.connect.dlms.push;

import io.meterflow.connect.dlms.push.mapping.PushObjectList;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What Connect's /validate reports for push settings: each problem on the setting to change. */
class PushConnectorValidationTest {

    private static Map<String, String> errors(Map<String, String> config) {
        return new DlmsPushSourceConnector().validate(config).configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, v -> String.join("; ", v.errorMessages())));
    }

    @Test
    void badEntriesAreNamed() {
        final Map<String, String> errors = errors(Map.of("meters", "m1@nothex,m2",
                "push.object.list", "0.0.1.0.0.255,1.0.99.1.0.255"));
        assertThat(errors.get("meters")).contains("m1@nothex").contains("16 hex digits");
        assertThat(errors.get("push.object.list")).contains("1.0.99.1.0.255").contains("columns");
    }

    @Test
    void rulesAcrossSettingsAreReportedOnTheSettingToChange() {
        final Map<String, String> config = new HashMap<>(Map.of("meters", "m1@4D46530000000001,m2",
                "require.ciphering", "true", "tasks.max", "2", "listen.port", "0"));
        final Map<String, String> errors = errors(config);
        assertThat(errors.get("meter.encryption.key")).contains("required when an inline meter has a system title");
        assertThat(errors.get("require.ciphering")).contains("without a system title");
        assertThat(errors.get("listen.port")).contains("one task only");
        assertThat(errors(Map.of("meters.source", "INVENTORY"))).containsKey("inventory.jdbc.url");
        assertThat(errors(Map.of("meters", "m1", "listen.port", "65535", "tasks.max", "2")).get("listen.port"))
                .contains("exceeds 65535");
    }

    @Test
    void theDefaultPushObjectListIsTheIdisShapeTheSimulatorSends() {
        final PushObjectList list = PushObjectList.parse(PushObjectList.DEFAULT);
        assertThat(list.objects()).extracting(o -> o.kind().name()).containsExactly("LOGICAL_DEVICE_NAME", "CLOCK",
                "REGISTER", "REGISTER", "PROFILE", "ALARM");
        assertThat(list.objects().get(2).unit()).isEqualTo("Wh");
        assertThat(list.objects().get(4).columns()).hasSize(3);
        assertThatThrownBy(() -> PushObjectList.parse("1.0.1.8.0.256")).hasMessageContaining("above 255");
    }
}
