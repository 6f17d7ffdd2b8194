package io.meterflow.connect.dlms.push.apdu;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GloCipherTest {

    private static final byte[] TITLE = HexFormat.of().parseHex("4D4D4D0000BC614E");
    private static final CipherKeys KEYS = new CipherKeys(HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F"),
            HexFormat.of().parseHex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF"));
    private static final CipherKeys OTHER_KEYS = new CipherKeys(
            HexFormat.of().parseHex("0F0E0D0C0B0A09080706050403020100"), KEYS.authenticationKey());

    @Test
    void aThreadDeciphersPushAfterPushAlsoRightAfterOneWithWrongKeysOrAnAlteredTag() throws Exception {
        final byte[] first = "first push".getBytes();
        final byte[] second = "second push".getBytes();
        final byte[] sealedFirst = GloCipher.seal(TITLE, 1, first, KEYS, GloCipher.AUTHENTICATED_ENCRYPTED);
        final byte[] sealedSecond = GloCipher.seal(TITLE, 2, second, KEYS, GloCipher.AUTHENTICATED_ENCRYPTED);
        final byte[] altered = sealedSecond.clone();
        altered[altered.length - 1] ^= 1;

        assertThat(GloCipher.open(TITLE, sealedFirst, KEYS)).isEqualTo(first);
        assertThatThrownBy(() -> GloCipher.open(TITLE, sealedFirst, OTHER_KEYS))
                .isInstanceOfSatisfying(PushRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.UNAUTHENTICATED));
        assertThatThrownBy(() -> GloCipher.open(TITLE, altered, KEYS)).isInstanceOf(PushRejectedException.class);
        assertThat(GloCipher.open(TITLE, sealedSecond, KEYS)).isEqualTo(second);
        assertThat(GloCipher.open(TITLE, sealedFirst, KEYS)).as("the same push again: deciphering keeps no state")
                .isEqualTo(first);
    }

    @Test
    void anAuthenticatedOnlyPushIsCheckedAndReturnedAsItCame() throws Exception {
        final byte[] plain = "authenticated only".getBytes();
        final byte[] sealed = GloCipher.seal(TITLE, 7, plain, KEYS, GloCipher.AUTHENTICATED);

        assertThat(GloCipher.open(TITLE, sealed, KEYS)).isEqualTo(plain);
        final CipherKeys wrongAuthenticationKey = new CipherKeys(KEYS.encryptionKey(), OTHER_KEYS.encryptionKey());
        assertThatThrownBy(() -> GloCipher.open(TITLE, sealed, wrongAuthenticationKey))
                .isInstanceOf(PushRejectedException.class);
    }
}
