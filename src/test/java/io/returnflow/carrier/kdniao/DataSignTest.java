package io.returnflow.carrier.kdniao;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DataSignTest {

    private static final String REQUEST_DATA = "{\"OrderCode\":\"012657700387\"}";
    private static final String APP_KEY = "test-app-key";

    /**
     * Checked by hand: {@code printf '%s' '{"OrderCode":"012657700387"}test-app-key' | md5sum} gives
     * adb835cdbdedc0d24a933499948e8825; Base64 of those 32 hex characters is the value below.
     */
    private static final String EXPECTED = "YWRiODM1Y2RiZGVkYzBkMjRhOTMzNDk5OTQ4ZTg4MjU=";

    @Test
    void signsTheTestVectorAsBase64OfTheHexDigestText() {
        assertThat(DataSign.sign(REQUEST_DATA, APP_KEY)).isEqualTo(EXPECTED);
    }

    @Test
    void verifiesItsOwnSignatureAndNothingElse() {
        assertThat(DataSign.verify(REQUEST_DATA, EXPECTED, APP_KEY)).isTrue();
        assertThat(DataSign.verify(REQUEST_DATA, EXPECTED, "other-key")).isFalse();
        assertThat(DataSign.verify(REQUEST_DATA + " ", EXPECTED, APP_KEY)).isFalse();
        assertThat(DataSign.verify(REQUEST_DATA, EXPECTED.replace('Y', 'Z'), APP_KEY)).isFalse();
        assertThat(DataSign.verify(REQUEST_DATA, null, APP_KEY)).isFalse();
        assertThat(DataSign.verify(null, EXPECTED, APP_KEY)).isFalse();
    }

    @Test
    void theUrlEncodedFormOfTheSignatureIsNotAcceptedAsTheSignature() {
        // inbound fields are already form-decoded: a still-encoded value is a wrong signature
        assertThat(DataSign.verify(REQUEST_DATA, EXPECTED.replace("=", "%3D"), APP_KEY)).isFalse();
    }

    @Test
    void signsChineseTextOverUtf8Bytes() {
        // MD5 over UTF-8 of "{\"Name\":\"张三\"}key" (checked with md5sum in a UTF-8 shell)
        String signed = DataSign.sign("{\"Name\":\"张三\"}", "key");
        String hex = new String(java.util.Base64.getDecoder().decode(signed), java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(hex).isEqualTo(UTF8_NAME_MD5);
    }

    private static final String UTF8_NAME_MD5 = "67b938163e3e1ca9cd5b1c21e697d363";
}
