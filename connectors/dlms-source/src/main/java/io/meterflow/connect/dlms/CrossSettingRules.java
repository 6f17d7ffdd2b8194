package io.meterflow.connect.dlms;

import io.meterflow.connect.dlms.config.DlmsSourceConfig;
import io.meterflow.connect.support.config.SettingRules;

/** Rules that span several settings, reported on the setting to fix so Connect's /validate names it. */
final class CrossSettingRules {

    private final DlmsSourceConfig config;
    private final SettingRules rules;

    CrossSettingRules(DlmsSourceConfig config, SettingRules rules) {
        this.config = config;
        this.rules = rules;
    }

    void check() {
        switch (config.meterSource()) {
            case INLINE -> checkInline();
            case INVENTORY -> require(config.inventoryUrl() != null && !config.inventoryUrl().isBlank(),
                    DlmsSourceConfig.INVENTORY_URL_CONFIG, "is required when meters.source=INVENTORY");
        }
    }

    private void checkInline() {
        require(!config.inlineMeters().isEmpty(), DlmsSourceConfig.METERS_CONFIG,
                "needs at least one meterId@host:port when meters.source=INLINE");
        switch (config.authMechanism()) {
            case LOW -> require(config.password() != null && !config.password().value().isEmpty(),
                    DlmsSourceConfig.METER_PASSWORD_CONFIG, "is required when meter.auth.mechanism=LOW");
            case HLS5_GMAC -> {
                require(config.authenticationKey() != null, DlmsSourceConfig.METER_AUTH_KEY_CONFIG,
                        "is required when meter.auth.mechanism=HLS5_GMAC");
                require(config.encryptionKey() != null, DlmsSourceConfig.METER_ENC_KEY_CONFIG,
                        "is required when meter.auth.mechanism=HLS5_GMAC");
            }
            case NONE -> { }
        }
    }

    private void require(boolean ok, String setting, String message) {
        rules.require(ok, setting, message);
    }
}
