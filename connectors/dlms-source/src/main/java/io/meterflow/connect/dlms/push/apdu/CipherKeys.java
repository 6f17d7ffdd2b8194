package io.meterflow.connect.dlms.push.apdu;

/** A meter's global unicast encryption key and authentication key (AES-128, 16 bytes each). */
public record CipherKeys(byte[] encryptionKey, byte[] authenticationKey) {

    public CipherKeys {
        if (encryptionKey.length != 16 || authenticationKey.length != 16) {
            throw new IllegalArgumentException("DLMS suite 0 keys are 16 bytes");
        }
    }
}
