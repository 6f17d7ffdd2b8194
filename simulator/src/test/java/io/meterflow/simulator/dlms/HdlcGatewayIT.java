package io.meterflow.simulator.dlms;

import io.meterflow.simulator.scenario.Scenario;
import org.junit.jupiter.api.Test;
import org.openmuc.jdlms.AccessResultCode;
import org.openmuc.jdlms.AttributeAddress;
import org.openmuc.jdlms.DlmsConnection;
import org.openmuc.jdlms.GetResult;
import org.openmuc.jdlms.ObisCode;
import org.openmuc.jdlms.RawMessageData;
import org.openmuc.jdlms.TcpConnectionBuilder;
import org.openmuc.jdlms.datatypes.DataObject;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Meters behind an HDLC gateway, read with jDLMS's HDLC client (IEC 62056-46 over TCP): each meter answers for its
 * own physical address, long answers come in segments, an absent or silent meter answers nothing while its
 * neighbours do, and the gateway serves one connection at a time (HLS5 replay protection over HDLC:
 * {@link HlsReplayProtectionIT}).
 */
class HdlcGatewayIT {

    private static final ObisCode CLOCK = new ObisCode("0.0.1.0.0.255");
    private static final ObisCode ENERGY_IMPORT = new ObisCode("1.0.1.8.0.255");
    private static final ObisCode PROFILE = new ObisCode("1.0.99.1.0.255");
    private static final int RESPONSE_TIMEOUT_MS = 1_500;

    @Test
    void everyMeterOnTheBusAnswersForItsOwnAddressAndLongAnswersArriveInSegments() throws Exception {
        final String scenario = """
                seed: 7
                groups:
                  - {idPrefix: gw-a-, count: 3, protocol: DLMS, hdlc: {gateway: a, maxInfoLength: 128}}
                  - {idPrefix: gw-b-, count: 2, protocol: DLMS, hdlc: {gateway: a, firstAddress: 40}}
                """;
        try (DlmsFleet fleet = start(scenario)) {
            final List<DlmsMeterEndpoint> meters = fleet.endpoints();
            assertThat(meters).extracting(DlmsMeterEndpoint::physicalAddress).containsExactly(16, 17, 18, 40, 41);
            assertThat(meters).extracting(DlmsMeterEndpoint::port).containsOnly(meters.get(0).port());
            final List<String> frames = new CopyOnWriteArrayList<>();
            for (DlmsMeterEndpoint meter : meters) {
                try (DlmsConnection connection = plain(meter, frames)) {
                    final GetResult profile = connection.get(new AttributeAddress(7, PROFILE, 2));
                    assertThat(profile.getResultCode()).isEqualTo(AccessResultCode.SUCCESS);
                    final List<DataObject> rows = profile.getResultData().getValue();
                    assertThat(rows).as("rows of %s", meter.meterId()).hasSize(96);
                    assertThat(connection.get(new AttributeAddress(3, ENERGY_IMPORT, 2)).getResultCode())
                            .isEqualTo(AccessResultCode.SUCCESS);
                }
            }
            assertThat(fleet.connectionsAccepted()).allSatisfy((id, links) -> assertThat(links).isEqualTo(1));
            assertThat(fleet.gateways().get("a").connectionsAccepted()).isEqualTo(5);
            // The profile (96 rows) is far longer than 128 or 256 bytes: the meters sent it in segments.
            assertThat(frames).anySatisfy(f -> assertThat(f).startsWith("7ea8"));
        }
    }

    @Test
    void anAbsentAddressAndASilentMeterAnswerNothingWhileTheirNeighboursAnswer() throws Exception {
        final String scenario = """
                seed: 7
                groups:
                  - {idPrefix: live-, count: 1, protocol: DLMS, hdlc: {gateway: a}}
                  - {idPrefix: dead-, count: 1, protocol: DLMS, hdlc: {gateway: a},
                     behaviour: {silences: [{after: PT0S, duration: PT1H}]}}
                """;
        try (DlmsFleet fleet = start(scenario)) {
            final DlmsMeterEndpoint live = fleet.endpointsById().get("live-0001");
            final DlmsMeterEndpoint dead = fleet.endpointsById().get("dead-0001");
            final DlmsMeterEndpoint absent = new DlmsMeterEndpoint("absent", live.host(), live.port(),
                    live.logicalDeviceId(), live.clientId(), live.auth(), DlmsMeterEndpoint.Transport.HDLC, 99, "a");
            for (DlmsMeterEndpoint silent : List.of(dead, absent)) {
                final long started = System.nanoTime();
                assertThatThrownBy(() -> plain(silent, new CopyOnWriteArrayList<>()))
                        .as(silent.meterId()).isInstanceOf(IOException.class)
                        .hasMessageContaining("Didn't receive answer");
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .isGreaterThanOrEqualTo(Duration.ofMillis(RESPONSE_TIMEOUT_MS));
                try (DlmsConnection connection = plain(live, new CopyOnWriteArrayList<>())) {
                    assertThat(connection.get(new AttributeAddress(8, CLOCK, 2)).getResultCode())
                            .isEqualTo(AccessResultCode.SUCCESS);
                }
            }
            assertThat(fleet.injectedFaults()).extracting(f -> f.meterId() + " " + f.kind())
                    .containsOnly("dead-0001 SILENT");
        }
    }

    @Test
    void aSecondConnectionWaitsUntilTheFirstEnds() throws Exception {
        final String scenario = "seed: 3\ngroups:\n  - {idPrefix: m-, count: 2, protocol: DLMS, hdlc: {gateway: a}}\n";
        try (DlmsFleet fleet = start(scenario)) {
            final DlmsMeterEndpoint first = fleet.endpoints().get(0);
            final DlmsMeterEndpoint second = fleet.endpoints().get(1);
            try (DlmsConnection holding = plain(first, new CopyOnWriteArrayList<>())) {
                assertThatThrownBy(() -> plain(second, new CopyOnWriteArrayList<>()))
                        .as("the bus is busy: the second connection's SNRM waits unanswered")
                        .isInstanceOf(IOException.class).hasMessageContaining("Didn't receive answer");
                assertThat(holding.get(new AttributeAddress(8, CLOCK, 2)).getResultCode())
                        .isEqualTo(AccessResultCode.SUCCESS);
            }
            try (DlmsConnection next = plain(second, new CopyOnWriteArrayList<>())) {
                assertThat(next.get(new AttributeAddress(8, CLOCK, 2)).getResultCode())
                        .isEqualTo(AccessResultCode.SUCCESS);
            }
        }
    }

    private static DlmsFleet start(String scenario) {
        return DlmsFleet.start(Scenario.parse(scenario, "test").meters(), System.currentTimeMillis());
    }

    private static DlmsConnection plain(DlmsMeterEndpoint meter, List<String> serverFrames) throws IOException {
        return builder(meter, serverFrames).build();
    }

    private static TcpConnectionBuilder builder(DlmsMeterEndpoint meter, List<String> serverFrames)
            throws IOException {
        return new TcpConnectionBuilder(InetAddress.getByName(meter.host()))
                .setPort(meter.port()).useHdlc().setClientId(meter.clientId())
                .setLogicalDeviceId(meter.logicalDeviceId()).setPhysicalDeviceAddress(meter.physicalAddress())
                .setResponseTimeout(RESPONSE_TIMEOUT_MS)
                .setRawMessageListener(m -> {
                    if (m.getMessageSource() == RawMessageData.MessageSource.SERVER) {
                        serverFrames.add(HexFormat.of().formatHex(m.getMessage()));
                    }
                });
    }
}
