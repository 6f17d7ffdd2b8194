package io.meterflow.simulator.dlms.security;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** Frames as jDLMS 1.8.0 sends them (captured with its raw message listener), without the 8-byte wrapper header. */
class CipheredApdusTest {

    @Test
    void findsTheCounterOfAnAarqInsideItsGloInitiateRequest() {
        final byte[] aarq = HexFormat.of().parseHex("60818da109060760857405080103a60a04084d4d4d00000000018a0207808b07"
                + "60857405080205ac428040ed0c76b7225f9cbe5af2e055fca7d1f8ad84dcd4273b81066d99992c8bec3d5f1b7f538aa8a0bb"
                + "255200f49d0a5fc4179c6a5265131bec084f2a46fafb9cecd3be230421211f300000000587da9c503dbb0f3f197e2c3c5203"
                + "9ad53be36c67b7ddeba67322");
        assertThat(CipheredApdus.invocationCounter(aarq)).hasValue(5);
    }

    @Test
    void findsTheCounterOfGloActionAndGetRequests() {
        assertThat(CipheredApdus.invocationCounter(HexFormat.of().parseHex(
                "cb313000000006f0edf8d2c79a98eea696651ce68ee806e624369486a1c5c4ae4a5a29a5bd5a383785be3b5c8351f4280224fd")))
                .hasValue(6);
        assertThat(CipheredApdus.invocationCounter(HexFormat.of().parseHex(
                "c81e30000000071acd37e79e7be9c408984cd946a7104992c97d7975de0f60fe"))).hasValue(7);
    }

    @Test
    void findsTheCounterOfAGeneralGloCipheringApdu() {
        // tag, system title (8 bytes), length, security control, counter 0x01020304, ciphertext
        assertThat(CipheredApdus.invocationCounter(HexFormat.of().parseHex(
                "db084d4d4d0000000001083001020304aabbccdd"))).hasValue(0x01020304L);
    }

    @Test
    void plainApdusAndPlainAssociationRequestsHaveNoCounter() {
        // get-request-normal of the clock, and an AARQ of the public client with a plain xDLMS-initiate.request
        assertThat(CipheredApdus.invocationCounter(HexFormat.of().parseHex("c001c100080000010000ff0200"))).isEmpty();
        assertThat(CipheredApdus.invocationCounter(HexFormat.of().parseHex(
                "601da109060760857405080101be10040e01000000065f1f0400001e1dffff"))).isEmpty();
        assertThat(CipheredApdus.invocationCounter(new byte[] {(byte) 0xc8, 0x05})).isEmpty();
    }
}
