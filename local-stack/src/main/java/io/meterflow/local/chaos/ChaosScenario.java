package io.meterflow.local.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fleet under fault: polled DLMS meters of every authentication (the LLS password and HLS keys are this run's
 * secrets), one whose clock is 90 s off and refuses to be set (ClockDrift alert) and one silent for two minutes
 * (MeterSilent fires and resolves), plus MQTT meters publishing every 2 s. No pushing meters: a DLMS push has no
 * acknowledgement, so a push sent while the listener's worker dies is lost by the protocol, not by MeterFlow
 * (DlmsPushIT covers the listener's restarts).
 */
final class ChaosScenario {

    static final String MQTT_PROBE = "mqtt-ok-0001";
    static final String DLMS_PROBE = "dlms-ok-0001";

    private ChaosScenario() {
    }

    static Path write(Path file, ChaosSecrets secrets) {
        final String lls = "{mechanism: LOW, password: " + secrets.llsPassword() + "}";
        final String hls = "{mechanism: HLS5_GMAC, authenticationKey: " + secrets.hlsAuthenticationKey()
                + ", encryptionKey: " + secrets.hlsEncryptionKey() + "}";
        final String yaml = """
                # Written by ./meterflow chaos for one run; holds this run's meter secrets.
                seed: 17
                groups:
                  - {idPrefix: dlms-ok-, count: 6, protocol: DLMS}
                  - {idPrefix: dlms-lls-, count: 3, protocol: DLMS, behaviour: {auth: %s}}
                  - {idPrefix: dlms-hls-, count: 3, protocol: DLMS, behaviour: {auth: %s}}
                  - {idPrefix: dlms-drift90s-, count: 1, protocol: DLMS,
                     behaviour: {clockOffset: -PT90S, clockSetting: REFUSE, auth: %s}}
                  - {idPrefix: dlms-silent-, count: 1, protocol: DLMS,
                     behaviour: {silences: [{after: PT1M, duration: PT2M}]}}
                  - {idPrefix: mqtt-ok-, count: 12, protocol: MQTT, behaviour: {publishInterval: PT2S}}
                """.formatted(lls, hls, lls);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the scenario " + file, e);
        }
    }
}
