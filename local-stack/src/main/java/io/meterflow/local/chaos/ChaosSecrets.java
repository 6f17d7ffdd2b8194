package io.meterflow.local.chaos;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secrets one run of the suite configures, new and random each run, so that finding one anywhere in a log or a
 * record means it leaked in this run, not that a fixture happens to contain it.
 */
record ChaosSecrets(String llsPassword, String hlsAuthenticationKey, String hlsEncryptionKey, String apiKey,
                    String sinkDbPassword, String dlmsDbPassword, String apiDbPassword, String simulatorDbPassword) {

    private static final SecureRandom RANDOM = new SecureRandom();

    static ChaosSecrets random() {
        return new ChaosSecrets("lls-" + token(9), hex(16), hex(16), token(24), token(18), token(18), token(18),
                token(18));
    }

    /** Every secret by what it is, for the scan's report. */
    Map<String, String> byName() {
        final Map<String, String> all = new LinkedHashMap<>();
        all.put("LLS password", llsPassword);
        all.put("HLS authentication key", hlsAuthenticationKey);
        all.put("HLS encryption key", hlsEncryptionKey);
        all.put("API key", apiKey);
        all.put("sink DB password", sinkDbPassword);
        all.put("DLMS connector DB password", dlmsDbPassword);
        all.put("query-api DB password", apiDbPassword);
        all.put("simulator DB password", simulatorDbPassword);
        return all;
    }

    @Override
    public String toString() {
        return "ChaosSecrets[" + byName().size() + " secrets]";
    }

    private static String token(int bytes) {
        final byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String hex(int bytes) {
        final byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
