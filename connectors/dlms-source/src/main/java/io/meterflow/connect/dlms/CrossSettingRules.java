package io.meterflow.connect.dlms;

import io.meterflow.connect.dlms.config.BackfillSettings;
import io.meterflow.connect.dlms.config.ClockSettings;
import io.meterflow.connect.dlms.config.DlmsSourceConfig;
import io.meterflow.connect.dlms.meter.InlineMeterEntry;
import io.meterflow.connect.dlms.meter.MeterTransport;
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
        if (config.backfill().enabled()) {
            require(!config.backfill().bootstrapServers().isEmpty(), BackfillSettings.BOOTSTRAP_CONFIG,
                    "is required when backfill.enabled=true (the Kafka cluster holding the backfill requests)");
            require(config.profileEnabled(), BackfillSettings.ENABLED_CONFIG,
                    "needs profile.enabled=true: backfill re-reads the load profile " + config.profileObis());
        }
        switch (config.meterSource()) {
            case INLINE -> checkInline();
            case INVENTORY -> require(config.inventory().hasUrl(),
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
            case NONE -> require(!config.clock().syncEnabled(), ClockSettings.SYNC_ENABLED_CONFIG,
                    "needs an authenticated client: meter.auth.mechanism is NONE (use LOW or HLS5_GMAC), and "
                            + "meters do not let the public client set their clock");
        }
        checkInlineTransport();
    }

    private void checkInlineTransport() {
        if (config.transport() == MeterTransport.Kind.WRAPPER) {
            config.inlineMeters().stream().map(InlineMeterEntry::parse).filter(e -> e.physicalAddress() != null)
                    .findFirst().ifPresent(e -> require(false, DlmsSourceConfig.METERS_CONFIG, "entry of meter "
                            + e.meterId() + " names an HDLC physical address (/" + e.physicalAddress()
                            + "), which needs meter.transport=HDLC"));
            return;
        }
        require(config.clientId() <= 0x7F, DlmsSourceConfig.METER_CLIENT_ID_CONFIG,
                "is the client HDLC address with meter.transport=HDLC: one byte, 1-127");
        require(config.logicalDeviceId() <= 0x3FFF, DlmsSourceConfig.METER_LOGICAL_DEVICE_CONFIG,
                "is the upper HDLC address with meter.transport=HDLC: at most 16383");
        MeterTransport.hdlc(0, config.hdlcMaxInformationLength()).requestTooLong(config.authMechanism())
                .ifPresent(why -> require(false, DlmsSourceConfig.METER_HDLC_MAX_INFO_CONFIG, why
                        + ": set at least " + MeterTransport.HLS5_REQUEST_FIELD));
    }

    private void require(boolean ok, String setting, String message) {
        rules.require(ok, setting, message);
    }
}
