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
 *
 * <p>50 of the DLMS meters lose load-profile rows (docs/data-quality.md), so the completeness ledger asks for re-reads
 * all through the run: {@value #LATE_METERS} write every 2nd row 150 s late, which the incremental read passes by and
 * re-reads find once it is written (the first attempts, 90 s after the capture, find nothing yet: the ledger asks
 * again, so it waits for a re-read more than half of the time); {@value #RING_METERS} keep only their 2 newest rows
 * and write every 3rd row 5 minutes late, by when the ring has overwritten it (UNRECOVERABLE, then ESTIMATED), and lose
 * for good whatever an outage of their reader longer than 2 minutes overwrites. Every other meter holds 30 rows,
 * longer than any outage of the run.
 */
final class ChaosScenario {

    static final String MQTT_PROBE = "mqtt-ok-0001";
    static final String DLMS_PROBE = "dlms-ok-0001";
    static final int LATE_METERS = 25;
    static final int RING_METERS = 25;
    /** The meters whose buffer may lose a row for good. */
    static final String RING_PREFIX = "dlms-ring-";

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
                  - {idPrefix: dlms-late-, count: %d, protocol: DLMS,
                     behaviour: {profile: {lateRows: {every: 2, delay: PT150S}}}}
                  - {idPrefix: %s, count: %d, protocol: DLMS,
                     behaviour: {profile: {entries: 2, lateRows: {every: 3, delay: PT5M}}}}
                  - {idPrefix: mqtt-ok-, count: 12, protocol: MQTT, behaviour: {publishInterval: PT2S}}
                """.formatted(lls, hls, lls, LATE_METERS, RING_PREFIX, RING_METERS);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the scenario " + file, e);
        }
    }
}
