package io.meterflow.simulator.dlms;

import io.meterflow.simulator.scenario.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openmuc.jdlms.AccessResultCode;
import org.openmuc.jdlms.AttributeAddress;
import org.openmuc.jdlms.AuthenticationMechanism;
import org.openmuc.jdlms.DlmsConnection;
import org.openmuc.jdlms.GetResult;
import org.openmuc.jdlms.ObisCode;
import org.openmuc.jdlms.SecuritySuite;
import org.openmuc.jdlms.TcpConnectionBuilder;

import java.io.IOException;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HLS5 meters enforce replay protection as conforming IDIS/DSMR meters do, over the wrapper and behind an HDLC
 * gateway, so a collector that replays invocation counters fails against the simulator as it fails in the field.
 */
class HlsReplayProtectionIT {

    private static final String AUTH_KEY = "000102030405060708090a0b0c0d0e0f";
    private static final String ENC_KEY = "0f0e0d0c0b0a09080706050403020100";
    private static final ObisCode CLOCK = new ObisCode("0.0.1.0.0.255");

    /** Over the wrapper (a port per meter) and over HDLC (two meters behind one gateway), alike. */
    @ParameterizedTest
    @EnumSource(DlmsMeterEndpoint.Transport.class)
    void aSecondAssociationThatReplaysTheCounterIsRejectedWithAnInvocationCounterError(
            DlmsMeterEndpoint.Transport transport) throws Exception {
        try (DlmsFleet fleet = fleet(transport == DlmsMeterEndpoint.Transport.HDLC ? ", count: 2, hdlc: {gateway: a}"
                : ", count: 2", "")) {
            final DlmsMeterEndpoint meter = fleet.endpoints().get(1);
            assertThat(meter.transport()).isEqualTo(transport);
            try (DlmsConnection first = hls(meter, 1, new CopyOnWriteArrayList<>())) {
                assertThat(first.get(new AttributeAddress(8, CLOCK, 2)).getResultCode())
                        .isEqualTo(AccessResultCode.SUCCESS);
            }
            // AARQ 1, HLS pass-3 action 2, GET 3: the meter accepted up to 3; the other meter saw nothing.
            assertThat(fleet.lastInvocationCounter(meter.meterId())).hasValue(3);
            assertThat(fleet.lastInvocationCounter(fleet.endpoints().get(0).meterId())).isEmpty();

            final List<byte[]> received = new CopyOnWriteArrayList<>();
            assertThatThrownBy(() -> hls(meter, 1, received).close()).isInstanceOf(IOException.class);
            assertThat(received).anySatisfy(apdu -> assertThat(HexFormat.of().formatHex(apdu))
                    .as("exception-response, service-not-allowed, invocation-counter-error, expects 4")
                    .endsWith("d8010600000004"));
            assertThat(fleet.lastInvocationCounter(meter.meterId())).hasValue(3);

            try (DlmsConnection above = hls(meter, 4, new CopyOnWriteArrayList<>())) {
                assertThat(above.get(new AttributeAddress(8, CLOCK, 2)).getResultCode())
                        .isEqualTo(AccessResultCode.SUCCESS);
            }
            assertThat(fleet.lastInvocationCounter(meter.meterId())).hasValue(6);
        }
    }

    /** As a meter built on Gurux DLMS 4.0.47 answers a stale AARQ: no counter in the answer. */
    @Test
    void aMeterSetToAnswerAsGuruxDoesSaysDecipheringErrorWithoutACounter() throws Exception {
        try (DlmsFleet fleet = fleet(", count: 1", ", counterRejection: DECIPHERING_ERROR")) {
            final DlmsMeterEndpoint meter = fleet.endpoints().get(0);
            hls(meter, 10, new CopyOnWriteArrayList<>()).close();
            final List<byte[]> received = new CopyOnWriteArrayList<>();
            assertThatThrownBy(() -> hls(meter, 5, received).close()).isInstanceOf(IOException.class);
            assertThat(received).anySatisfy(apdu -> assertThat(HexFormat.of().formatHex(apdu))
                    .as("exception-response, service-unknown, deciphering-error").endsWith("d80205"));
            assertThat(fleet.lastInvocationCounter(meter.meterId())).hasValue(11);
        }
    }

    @Test
    void thePublicClientReadsTheCounterObjectInTheClear() throws Exception {
        try (DlmsFleet fleet = fleet(", count: 1", ", invocationCounterObis: 0.0.43.1.2.255")) {
            final DlmsMeterEndpoint meter = fleet.endpoints().get(0);
            assertThat((Object) readCounter(meter, "0.0.43.1.2.255").getResultData().getValue()).isEqualTo(0L);
            hls(meter, 41, new CopyOnWriteArrayList<>()).close();
            assertThat((Object) readCounter(meter, "0.0.43.1.2.255").getResultData().getValue()).isEqualTo(42L);
            assertThat(readCounter(meter, "0.0.43.1.1.255").getResultCode())
                    .isEqualTo(AccessResultCode.OBJECT_UNDEFINED);
        }
    }

    @Test
    void aMeterWithoutCounterObjectAnswersObjectUndefined() throws Exception {
        try (DlmsFleet fleet = fleet(", count: 1", ", invocationCounterReadable: false")) {
            assertThat(readCounter(fleet.endpoints().get(0), "0.0.43.1.1.255").getResultCode())
                    .isEqualTo(AccessResultCode.OBJECT_UNDEFINED);
        }
    }

    private static DlmsFleet fleet(String groupSettings, String counterSettings) {
        final String scenario = "seed: 1\ngroups:\n  - {idPrefix: hls-, protocol: DLMS" + groupSettings
                + ", behaviour: {auth: {mechanism: HLS5_GMAC, authenticationKey: " + AUTH_KEY + ", encryptionKey: "
                + ENC_KEY + counterSettings + "}}}\n";
        return DlmsFleet.start(Scenario.parse(scenario, "test").meters(), System.currentTimeMillis());
    }

    private static GetResult readCounter(DlmsMeterEndpoint meter, String obis) throws IOException {
        try (DlmsConnection connection = new TcpConnectionBuilder(InetAddress.getByName(meter.host()))
                .setPort(meter.port()).setClientId(16).setLogicalDeviceId(meter.logicalDeviceId()).build()) {
            return connection.get(new AttributeAddress(1, new ObisCode(obis), 2));
        }
    }

    private static DlmsConnection hls(DlmsMeterEndpoint meter, long frameCounter, List<byte[]> received)
            throws IOException {
        final TcpConnectionBuilder builder = new TcpConnectionBuilder(InetAddress.getByName(meter.host()));
        if (meter.transport() == DlmsMeterEndpoint.Transport.HDLC) {
            builder.useHdlc().setPhysicalDeviceAddress(meter.physicalAddress());
        }
        return builder
                .setPort(meter.port()).setClientId(meter.clientId()).setLogicalDeviceId(meter.logicalDeviceId())
                .setFrameCounter(frameCounter)
                .setRawMessageListener(m -> {
                    if (m.getMessageSource() == org.openmuc.jdlms.RawMessageData.MessageSource.SERVER) {
                        received.add(m.getMessage());
                    }
                })
                .setSecuritySuite(SecuritySuite.builder()
                        .setAuthenticationMechanism(AuthenticationMechanism.HLS5_GMAC)
                        .setEncryptionMechanism(SecuritySuite.EncryptionMechanism.AES_GCM_128)
                        .setAuthenticationKey(HexFormat.of().parseHex(AUTH_KEY))
                        .setGlobalUnicastEncryptionKey(HexFormat.of().parseHex(ENC_KEY))
                        .build())
                .build();
    }
}
