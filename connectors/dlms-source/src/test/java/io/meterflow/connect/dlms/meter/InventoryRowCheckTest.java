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
