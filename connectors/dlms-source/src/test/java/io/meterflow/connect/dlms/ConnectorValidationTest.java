package io.meterflow.connect.dlms;

import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Connect's /validate shows these messages next to the setting to fix. */
class ConnectorValidationTest {

    @Test
    void singleSettingErrorsNameTheSettingAndNeverShowASecret() {
        final Map<String, String> errors = errors(Map.of("meters", "m1@host:99999,m1@host:1",
                "meter.authentication.key", "0123-secret-not-hex", "registers", "1.0.1.8.0", "inventory.table", "x;drop"));
        assertThat(errors).containsKeys("meters", "meter.authentication.key", "registers", "inventory.table");
        assertThat(errors.get("meter.authentication.key")).doesNotContain("secret");
    }

    @Test
    void rulesAcrossSettingsPointAtTheMissingOne() {
        assertThat(errors(Map.of("meters.source", "INVENTORY"))).containsOnlyKeys("inventory.jdbc.url");
        assertThat(errors(Map.of("meters", "m1@10.0.0.1:4059", "meter.auth.mechanism", "LOW")))
                .containsOnlyKeys("meter.password");
        assertThat(errors(Map.of("meters", "m1@10.0.0.1:4059", "meter.auth.mechanism", "HLS5_GMAC",
                "meter.authentication.key", "000102030405060708090a0b0c0d0e0f")))
                .containsOnlyKeys("meter.encryption.key");
        assertThat(errors(Map.of())).containsOnlyKeys("meters");
        assertThat(errors(Map.of("meters", "m1@10.0.0.1:4059"))).isEmpty();
    }

    @Test
    void clockSyncOnTheUnauthenticatedPublicClientIsReportedOnTheSyncSetting() {
        final Map<String, String> errors = errors(Map.of("meters", "m1@10.0.0.1:4059", "clock.sync.enabled", "true"));

        assertThat(errors).containsOnlyKeys("clock.sync.enabled");
        assertThat(errors.get("clock.sync.enabled")).contains("authenticated", "meter.auth.mechanism is NONE");
        assertThat(errors(Map.of("meters", "m1@10.0.0.1:4059", "clock.sync.enabled", "true",
                "meter.auth.mechanism", "LOW", "meter.password", "pw"))).isEmpty();
        assertThat(errors(Map.of("meters.source", "INVENTORY", "inventory.jdbc.url", "jdbc:postgresql://db/mf",
                "clock.sync.enabled", "true"))).as("inventory meters: only the authenticated rows are synced").isEmpty();
    }

    @Test
    void backfillNeedsTheClusterOfItsRequestsAndTheLoadProfile() {
        assertThat(errors(Map.of("meters", "m1@10.0.0.1:4059", "backfill.enabled", "true")))
                .containsOnlyKeys("backfill.bootstrap.servers");
        final Map<String, String> errors = errors(Map.of("meters", "m1@10.0.0.1:4059", "backfill.enabled", "true",
                "backfill.bootstrap.servers", "kafka:9092", "profile.enabled", "false"));
        assertThat(errors).containsOnlyKeys("backfill.enabled");
        assertThat(errors.get("backfill.enabled")).contains("profile.enabled");
        assertThat(errors(Map.of("meters", "m1@10.0.0.1:4059", "backfill.enabled", "true",
                "backfill.bootstrap.servers", "kafka:9092"))).isEmpty();
    }

    @Test
    void hdlcSettingsAreCheckedWhereTheyWouldFail() {
        assertThat(errors(Map.of("meters", "m1@gw:4059/17,m2@gw:4059/18", "meter.transport", "HDLC"))).isEmpty();
        assertThat(errors(Map.of("meters", "m1@gw:4059/17"))).containsOnlyKeys("meters")
                .allSatisfy((k, v) -> assertThat(v).contains("m1", "/17", "meter.transport=HDLC"));
        assertThat(errors(Map.of("meters", "m1@gw:4059/127", "meter.transport", "HDLC")).get("meters"))
                .contains("physical address", "127");
        assertThat(errors(Map.of("meters", "m1@gw:4059/17", "meter.transport", "HDLC", "meter.client.id", "300")))
                .containsOnlyKeys("meter.client.id");
        final Map<String, String> hls = errors(Map.of("meters", "m1@gw:4059/17", "meter.transport", "HDLC",
                "meter.auth.mechanism", "HLS5_GMAC", "meter.authentication.key", "000102030405060708090a0b0c0d0e0f",
                "meter.encryption.key", "000102030405060708090a0b0c0d0e0f", "meter.client.id", "1",
                "meter.hdlc.max.info.length", "128"));
        assertThat(hls).containsOnlyKeys("meter.hdlc.max.info.length");
        assertThat(hls.get("meter.hdlc.max.info.length")).contains("128", "147", "segments");
        assertThat(errors(Map.of("meters", "m1@gw:4059/17", "meter.transport", "HDLC",
                "meter.hdlc.max.info.length", "64"))).containsOnlyKeys("meter.hdlc.max.info.length");
    }

    private static Map<String, String> errors(Map<String, String> config) {
        return new DlmsSourceConnector().validate(config).configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, v -> String.join("; ", v.errorMessages())));
    }
}
