package io.meterflow.connect.dlms.push;

import io.meterflow.connect.dlms.push.config.DlmsPushSourceConfig;
import io.meterflow.connect.support.config.SettingRules;

import java.util.Map;

/** Rules across settings, reported on the setting to change (so they show in Connect's /validate). */
final class PushCrossSettingRules {

    private final DlmsPushSourceConfig config;
    private final Map<String, String> raw;
    private final SettingRules rules;

    PushCrossSettingRules(DlmsPushSourceConfig config, Map<String, String> raw, SettingRules rules) {
        this.config = config;
        this.raw = raw;
        this.rules = rules;
    }

    void check() {
        if (config.meterSource() == DlmsPushSourceConfig.MeterSourceKind.INVENTORY) {
            if (!config.inventory().hasUrl()) {
                error(DlmsPushSourceConfig.INVENTORY_URL_CONFIG, "is required with meters.source=INVENTORY");
            }
        } else {
            final var meters = config.inlineMeters();
            if (meters.isEmpty()) {
                error(DlmsPushSourceConfig.METERS_CONFIG, "lists no meter, and meters.source=INLINE");
            }
            if (meters.stream().anyMatch(m -> m.systemTitle() != null) && !config.hasInlineKeys()) {
                error(DlmsPushSourceConfig.METER_ENC_KEY_CONFIG, "meter.encryption.key and "
                        + "meter.authentication.key are required when an inline meter has a system title");
            }
            if (config.requireCiphering() && meters.stream().anyMatch(m -> m.systemTitle() == null)) {
                error(DlmsPushSourceConfig.REQUIRE_CIPHERING_CONFIG, "is set, but inline meters without a system "
                        + "title can only push plain");
            }
        }
        final int tasks = Integer.parseInt(raw.getOrDefault("tasks.max", "1").trim());
        if (config.listenPort() == 0 && tasks > 1) {
            error(DlmsPushSourceConfig.LISTEN_PORT_CONFIG, "0 (any free port) works for one task only: meters "
                    + "need to know where to push");
        }
        if (config.listenPort() + tasks - 1 > 0xFFFF) {
            error(DlmsPushSourceConfig.LISTEN_PORT_CONFIG, "listen.port + tasks.max - 1 exceeds 65535");
        }
    }

    private void error(String setting, String message) {
        rules.report(setting, setting + " " + message);
    }
}
