package io.meterflow.simulator.scenario;

/**
 * How a DLMS client must authenticate to the meter.
 *
 * @param password          LLS password (mechanism LOW)
 * @param authenticationKey 16-byte hex key for HLS5-GMAC
 * @param encryptionKey     16-byte hex global unicast encryption key (AES-GCM-128) for HLS5-GMAC
 */
public record Authentication(Mechanism mechanism, String password, String authenticationKey, String encryptionKey) {

    public static final Authentication NONE = new Authentication(Mechanism.NONE, null, null, null);

    /** DLMS authentication mechanisms the simulator serves. */
    public enum Mechanism {
        NONE, LOW, HLS5_GMAC
    }
}
