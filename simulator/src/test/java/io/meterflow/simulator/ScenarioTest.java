package io.meterflow.simulator;

import io.meterflow.simulator.scenario.Authentication;
import io.meterflow.simulator.scenario.MeterSpec;
import io.meterflow.simulator.scenario.Protocol;
import io.meterflow.simulator.scenario.ProfileBuffer;
import io.meterflow.simulator.scenario.Scenario;
import io.meterflow.simulator.scenario.ScenarioException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioTest {

    private static final String FLEET = """
            seed: 7
            groups:
              - idPrefix: dlms-
                count: 3
                protocol: dlms
              - idPrefix: dlms-drift-
                count: 1
                protocol: DLMS
                behaviour:
                  clockOffset: PT15S
                  clockDriftPpm: 200
                  silences: [{after: PT2M, duration: PT10M}]
                  auth: {mechanism: HLS5_GMAC, authenticationKey: 000102030405060708090a0b0c0d0e0f,
                         encryptionKey: 0f0e0d0c0b0a09080706050403020100}
              - idPrefix: mqtt-
                count: 2
                protocol: MQTT
                behaviour: {publishInterval: PT5S, malformedRatio: 0.1}
            """;

    @Test
    void expandsGroupsIntoNumberedMetersWithDefaults() {
        final List<MeterSpec> meters = Scenario.parse(FLEET, "test").meters();

        assertThat(meters).extracting(MeterSpec::meterId)
                .containsExactly("dlms-0001", "dlms-0002", "dlms-0003", "dlms-drift-0001", "mqtt-0001", "mqtt-0002");
        assertThat(meters.get(0).behaviour().auth()).isEqualTo(Authentication.NONE);
        assertThat(meters.get(0).behaviour().latency()).isEqualTo(Duration.ZERO);
        assertThat(meters.get(3).behaviour().clockDriftPpm()).isEqualTo(200.0);
        assertThat(meters.get(3).behaviour().silentAt(Duration.ofMinutes(5))).isTrue();
        assertThat(meters.get(3).behaviour().silentAt(Duration.ofMinutes(13))).isFalse();
        assertThat(Scenario.parse(FLEET, "test").meters(Protocol.MQTT)).hasSize(2)
                .allSatisfy(m -> assertThat(m.behaviour().publishInterval()).isEqualTo(Duration.ofSeconds(5)));
    }

    @Test
    void theLocalFleetHasPlainAndCipheredPushMetersWithTheirPushIntervals() {
        final List<MeterSpec> push = Scenario.load(java.nio.file.Path.of("scenarios", "local.yaml"))
                .meters(Protocol.PUSH);

        assertThat(push).hasSize(10);
        assertThat(push).filteredOn(m -> m.behaviour().auth().encryptionKey() != null).hasSize(4)
                .allSatisfy(m -> assertThat(m.meterId()).startsWith("push-sealed-"));
        assertThat(push).filteredOn(m -> m.meterId().equals("push-slow-0001")).singleElement()
                .satisfies(m -> assertThat(m.behaviour().publishInterval()).isEqualTo(Duration.ofSeconds(40)));
        assertThat(push).filteredOn(m -> m.meterId().equals("push-silent-0001")).singleElement()
                .satisfies(m -> assertThat(m.behaviour().silentAt(Duration.ofMinutes(3))).isTrue());
    }

    @Test
    void theLocalFleetHasMetersThatLoseProfileRowsEachWayARealMeterDoes() {
        final Map<String, MeterSpec> dlms = Scenario.load(java.nio.file.Path.of("scenarios", "local.yaml"))
                .meters(Protocol.DLMS).stream().collect(java.util.stream.Collectors.toMap(MeterSpec::meterId, m -> m));

        assertThat(dlms.get("dlms-late-0001").behaviour().profile().lateRows().delay())
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(dlms.get("dlms-ring-0001").behaviour().profile().entries()).isEqualTo(3);
        assertThat(dlms.get("dlms-ring-0001").behaviour().silentAt(Duration.ofMinutes(3))).isTrue();
        assertThat(dlms.get("dlms-exchanged-0001").behaviour().profile().exchangedAfter())
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(dlms.get("dlms-ok-0001").behaviour().profile()).isEqualTo(ProfileBuffer.DEFAULT);
    }

    @Test
    void metersOfAGatewayGetConsecutivePhysicalAddressesAcrossGroups() {
        final List<MeterSpec> meters = Scenario.parse("""
                groups:
                  - {idPrefix: a-, count: 2, protocol: DLMS, hdlc: {gateway: gw1}}
                  - {idPrefix: b-, count: 2, protocol: DLMS, hdlc: {gateway: gw2, firstAddress: 300, window: 3}}
                  - {idPrefix: c-, count: 1, protocol: DLMS, hdlc: {gateway: gw1, maxInfoLength: 128}}
                  - {idPrefix: d-, count: 1, protocol: DLMS}
                """, "test").meters();
        assertThat(meters).extracting(m -> m.meterId() + "@" + (m.hdlc() == null ? "-"
                : m.hdlc().gateway() + "/" + m.hdlc().physicalAddress() + "/" + m.hdlc().maxInfoLength() + "/"
                        + m.hdlc().window()))
                .containsExactly("a-0001@gw1/16/256/1", "a-0002@gw1/17/256/1", "b-0001@gw2/300/256/3",
                        "b-0002@gw2/301/256/3", "c-0001@gw1/18/128/1", "d-0001@-");
    }

    @Test
    void hdlcErrorsNameTheGroupAndTheClash() {
        assertThatThrownBy(() -> Scenario.parse("""
                groups:
                  - {idPrefix: a-, count: 2, protocol: DLMS, hdlc: {gateway: gw1, firstAddress: 20}}
                  - {idPrefix: b-, count: 1, protocol: DLMS, hdlc: {gateway: gw1, firstAddress: 21}}
                """, "fleet.yaml"))
                .hasMessageContaining("b-0001").hasMessageContaining("physical address 21")
                .hasMessageContaining("gw1");
        assertThatThrownBy(() -> Scenario.parse("""
                groups:
                  - {idPrefix: a-, count: 1, protocol: DLMS, hdlc: {gateway: gw1},
                     behaviour: {failures: {refused: 0.1}}}
                """, "fleet.yaml"))
                .hasMessageContaining("group 1").hasMessageContaining("refused");
        assertThatThrownBy(() -> Scenario.parse(
                "groups: [{idPrefix: a-, count: 1, protocol: MQTT, hdlc: {gateway: g}}]", "f"))
                .hasMessageContaining("DLMS meters only");
        assertThatThrownBy(() -> Scenario.parse(
                "groups: [{idPrefix: a-, count: 1, protocol: DLMS, hdlc: {gateway: g, maxInfoLength: 3000}}]", "f"))
                .hasMessageContaining("maxInfoLength");
        assertThatThrownBy(() -> Scenario.parse(
                "groups: [{idPrefix: a-, count: 3, protocol: DLMS, hdlc: {gateway: g, firstAddress: 125}}]", "f"))
                .hasMessageContaining("a-0002").hasMessageContaining("126");
    }

    @Test
    void sameScenarioGivesSameSeeds() {
        assertThat(Scenario.parse(FLEET, "a").meters()).isEqualTo(Scenario.parse(FLEET, "b").meters());
    }

    @Test
    void errorsNameTheGroupAndField() {
        assertThatThrownBy(() -> Scenario.parse("""
                groups:
                  - {idPrefix: a-, count: 1, protocol: DLMS, behaviour: {auth: {mechanism: LOW}}}
                """, "fleet.yaml"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("fleet.yaml").hasMessageContaining("group 1")
                .hasMessageContaining("behaviour.auth.password");
        assertThatThrownBy(() -> Scenario.parse("""
                groups:
                  - {idPrefix: a-, count: 1, protocol: DLMS}
                  - {idPrefix: b-, count: 1, protocol: DLMS, behaviour: {failures: {timeout: 0.7, refused: 0.6}}}
                """, "fleet.yaml"))
                .hasMessageContaining("group 2").hasMessageContaining("failures");
        assertThatThrownBy(() -> Scenario.parse("""
                groups:
                  - {idPrefix: h-, count: 1, protocol: DLMS, behaviour: {auth: {mechanism: HLS5_GMAC,
                     authenticationKey: 000102030405060708090a0b0c0d0e0f, encryptionKey: 0f0e0d0c0b0a09080706050403020100,
                     invocationCounterObis: 0.0.43.1.256.255}}}
                """, "fleet.yaml"))
                .hasMessageContaining("group 1").hasMessageContaining("invocationCounterObis")
                .hasMessageContaining("0.0.43.1.256.255");
        assertThatThrownBy(() -> Scenario.parse("groups: [{idPrefix: a-, count: 1, protocol: MODBUS}]", "f"))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("MODBUS");
        assertThatThrownBy(() -> Scenario.parse("groups: [{idPrefix: a-, count: 1, protocol: DLMS, colour: red}]", "f"))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("colour");
    }
}
