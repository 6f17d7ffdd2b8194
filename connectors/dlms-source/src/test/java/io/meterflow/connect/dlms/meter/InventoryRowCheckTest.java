package io.meterflow.connect.dlms.meter;

import io.meterflow.schema.ReadingStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InventoryRowCheckTest {

    private static final String KEY = "000102030405060708090a0b0c0d0e0f";

    @Test
    void usableRowsOfEveryMechanismHaveNoProblem() {
        assertThat(InventoryRowCheck.problem(row(4059, "NONE", null, null, null))).isEmpty();
        assertThat(InventoryRowCheck.problem(row(4059, "low", "pw", null, null))).isEmpty();
        assertThat(InventoryRowCheck.problem(row(4059, "HLS5_GMAC", null, KEY, KEY.toUpperCase()))).isEmpty();
    }

    @Test
    void anEmptyLlsPasswordNamesTheMeterAndTheColumn() {
        final MeterProblem problem = InventoryRowCheck.problem(row(4059, "LOW", "", null, null)).orElseThrow();
        assertThat(problem.status()).isEqualTo(ReadingStatus.AUTH_FAILED);
        assertThat(problem.message()).contains("meter m7", "column password", "LOW");
    }

    @Test
    void aMalformedHlsKeyNamesItsColumnButNeverItsValue() {
        final String secretish = "s3cr3t-not-hex";
        final MeterProblem auth = InventoryRowCheck.problem(row(4059, "HLS5_GMAC", null, secretish, KEY)).orElseThrow();
        assertThat(auth.message()).contains("meter m7", "column authentication_key").doesNotContain(secretish);
        final MeterProblem enc = InventoryRowCheck.problem(row(4059, "HLS5_GMAC", null, KEY, null)).orElseThrow();
        assertThat(enc.message()).contains("column encryption_key", "is empty");
    }

    @Test
    void hdlcRowsNeedATransportTheyNameAPhysicalAddressAndOneByteClientAddress() {
        assertThat(InventoryRowCheck.problem(hdlc("HDLC", 17, null, 16, 1))).isEmpty();
        assertThat(InventoryRowCheck.problem(hdlc("hdlc", 0, 256, 1, 1))).isEmpty();
        final MeterProblem transport = InventoryRowCheck.problem(hdlc("IRDA", 17, null, 16, 1)).orElseThrow();
        assertThat(transport.message()).contains("meter m7", "column transport", "IRDA", "WRAPPER, HDLC");
        assertThat(InventoryRowCheck.problem(hdlc("HDLC", null, null, 16, 1)).orElseThrow().message())
                .contains("column hdlc_physical_address", "is null");
        assertThat(InventoryRowCheck.problem(hdlc("HDLC", 127, null, 16, 1)).orElseThrow().message())
                .contains("column hdlc_physical_address", "127");
        assertThat(InventoryRowCheck.problem(hdlc("HDLC", 17, 64, 16, 1)).orElseThrow().message())
                .contains("column hdlc_max_info_length", "128-2030");
        assertThat(InventoryRowCheck.problem(hdlc("HDLC", 17, null, 300, 1)).orElseThrow().message())
                .contains("column client_id", "one byte");
        assertThat(InventoryRowCheck.problem(hdlc("HDLC", 17, null, 16, 20_000)).orElseThrow().message())
                .contains("column logical_device_id");
        assertThat(InventoryRowCheck.problem(hdlc("WRAPPER", null, null, 300, 20_000))).as("wrapper ports").isEmpty();
    }

    @Test
    void anHlsMeterOverHdlcWithoutRoomForItsAssociationRequestIsAProtocolErrorOfTheColumnThatSetIt() {
        final MeterTransport small = MeterTransport.hdlc(17, 128);
        final MeterProblem own = InventoryRowCheck.requestProblem("m7", small, AuthMechanism.HLS5_GMAC, true)
                .orElseThrow();
        assertThat(own.status()).isEqualTo(ReadingStatus.PROTOCOL_ERROR);
        assertThat(own.message()).contains("meter m7", "column hdlc_max_info_length", "128",
                String.valueOf(MeterTransport.HLS5_REQUEST_FIELD), "segments");
        assertThat(InventoryRowCheck.requestProblem("m7", small, AuthMechanism.HLS5_GMAC, false).orElseThrow()
                .message()).contains("meter.hdlc.max.info.length");
        assertThat(InventoryRowCheck.requestProblem("m7", small, AuthMechanism.LOW, true)).isEmpty();
        assertThat(InventoryRowCheck.requestProblem("m7", MeterTransport.hdlc(17, 147), AuthMechanism.HLS5_GMAC,
                true)).isEmpty();
    }

    private static InventoryRowCheck.Row hdlc(String transport, Integer physical, Integer maxInfo, int client,
                                              int logicalDevice) {
        return new InventoryRowCheck.Row("m7", "gw.example", 4059, "NONE", null, null, null,
                new InventoryRowCheck.Addressing(transport, physical, maxInfo, client, logicalDevice));
    }

    @Test
    void anUnknownMechanismOrAPortOutOfRangeIsAProblemOfThatColumn() {
        assertThat(InventoryRowCheck.problem(row(4059, "HLS7", null, null, null)).orElseThrow().message())
                .contains("column auth_mechanism", "HLS7");
        final MeterProblem port = InventoryRowCheck.problem(row(70_000, "NONE", null, null, null)).orElseThrow();
        assertThat(port.status()).isEqualTo(ReadingStatus.UNREACHABLE);
        assertThat(port.message()).contains("column port", "70000");
        assertThat(InventoryRowCheck.problem(row(null, "NONE", null, null, null)).orElseThrow().message())
                .contains("column port");
    }

    private static InventoryRowCheck.Row row(Integer port, String auth, String password, String authKey,
                                             String encKey) {
        return new InventoryRowCheck.Row("m7", "10.0.0.7", port, auth, password, authKey, encKey);
    }
}
