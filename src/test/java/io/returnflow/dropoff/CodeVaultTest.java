package io.returnflow.dropoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Derived keys, key ids in sealed codes, rotation, codes of older releases, and refused configurations. */
class CodeVaultTest {

    static final String K1 = "dGVzdC1kcm9wLW9mZi1zZWNyZXQtb2YtMzItYnl0ZXM=";
    static final String K2 = "YW5vdGhlci1kcm9wLW9mZi1zZWNyZXQtMzItYnl0ZXM=";
    /** The single key of older releases (the local run's code-key of those releases). */
    static final String OLDER_RELEASE_KEY = "c2FuZGJveC1kcm9wb2ZmLWtleS0xMjM0NTY3ODkwMTI=";
    /** A code, its hash and its sealed value as the release before key ids stored them with that key. */
    static final DropOffCode OLD_CODE = new DropOffCode("7K3Q9XPM2A");
    static final String OLD_HASH = "99c0f40a20cca7eca5751cfbb03ceadda32dbe1fefea0cf72bfeaf6b175a9bc0";
    static final String OLD_SEALED = "GZYZttM+EYxKLpcv7JL0aHw0vOB6rk0SZLWOKXlNnYXvBuDZgHQ=";

    static CodeVault vault(String active, Map<String, String> secrets, String olderReleaseKey) {
        return new CodeVault(new DropOffProperties(Duration.ofDays(7), olderReleaseKey,
                new DropOffProperties.CodeKeys(active, secrets,
                        secrets.keySet().stream().filter(id -> !id.equals(active)).toList(), null, null)));
    }

    final DropOffCode code = new DropOffCode("7K3Q9XPM2A");

    @Test
    void aSealedCodeNamesItsKeyAndOpensAgain() {
        CodeVault vault = vault("k1", Map.of("k1", K1), null);

        String sealed = vault.seal(code);

        assertThat(sealed).startsWith("k1:");
        assertThat(sealed).doesNotContain(code.value());
        assertThat(vault.open(sealed, vault.lookupHash(code))).isEqualTo(code);
        assertThat(vault.seal(code)).as("a fresh IV each time").isNotEqualTo(sealed);
    }

    @Test
    void theHashKeyIsDerivedAndNotTheSecretItself() throws Exception {
        CodeVault vault = vault("k1", Map.of("k1", K1), null);
        Mac raw = Mac.getInstance("HmacSHA256");
        raw.init(new SecretKeySpec(Base64.getDecoder().decode(K1), "HmacSHA256"));
        String withSecretAsIs = HexFormat.of().formatHex(raw.doFinal(code.value().getBytes(StandardCharsets.US_ASCII)));

        assertThat(vault.lookupHash(code)).hasSize(64).isNotEqualTo(withSecretAsIs);
        assertThat(vault("k1", Map.of("k1", K1), null).lookupHash(code)).as("deterministic")
                .isEqualTo(vault.lookupHash(code));
    }

    /** {@link #code} as sealed with K1 under id k1 before seals were bound to their hash (the key id alone). */
    static final String UNBOUND_SEALED = "k1:caDLX4GlhP9LTtq43BHziJO19z0MNEnDu50B95diTfANNAIAiEw=";

    @Test
    void aSealedCodeIsBoundToTheHashItIsStoredUnder() {
        CodeVault vault = vault("k1", Map.of("k1", K1), null);
        DropOffCode other = new DropOffCode("ABCDEFGH2" + DropOffCode.checkCharacter("ABCDEFGH2"));
        String sealed = vault.seal(code);

        assertThat(sealed).startsWith("k1:2:");
        // moved to another code's row: it does not open there
        assertThatIllegalStateException().isThrownBy(() -> vault.open(sealed, vault.lookupHash(other)));
        assertThat(vault.open(sealed, vault.lookupHash(code))).isEqualTo(code);
    }

    @Test
    void aCodeSealedBeforeTheBindingStillOpens() {
        CodeVault vault = vault("k1", Map.of("k1", K1), null);

        assertThat(vault.open(UNBOUND_SEALED, vault.lookupHash(code))).isEqualTo(code);
    }

    @Test
    void theKeyIdIsAuthenticated() {
        CodeVault vault = vault("k1", Map.of("k1", K1, "k2", K1), null);
        String sealed = vault.seal(code);

        // the same secret under another id: moving the value to that id must not open
        assertThatIllegalStateException().isThrownBy(() -> vault.open("k2" + sealed.substring(2), vault.lookupHash(code)));
    }

    @Test
    void afterARotationOldCodesStillOpenAndAreFoundUnderTheirOldHash() {
        CodeVault before = vault("k1", Map.of("k1", K1), null);
        String sealedBefore = before.seal(code);
        String hashBefore = before.lookupHash(code);

        CodeVault after = vault("k2", Map.of("k1", K1, "k2", K2), null);

        assertThat(after.seal(code)).startsWith("k2:");
        assertThat(after.lookupHash(code)).isNotEqualTo(hashBefore);
        assertThat(after.lookupHashes(code)).containsExactly(after.lookupHash(code), hashBefore);
        assertThat(after.open(sealedBefore, hashBefore)).isEqualTo(code);
        assertThat(after.retiringKeyIds()).containsExactly("k1");
    }

    @Test
    void aCodeOfARetiredKeyIsAClear503() {
        String sealed = vault("k1", Map.of("k1", K1), null).seal(code);
        CodeVault retired = vault("k2", Map.of("k2", K2), null);

        assertThatThrownBy(() -> retired.open(sealed, null))
                .isInstanceOfSatisfying(CodeVault.CodeKeyUnavailable.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("key 'k1'");
                });
        assertThat(retired.lookupHashes(code)).containsExactly(retired.lookupHash(code));
    }

    @Test
    void aCodeStoredByAnOlderReleaseOpensAndIsFoundWithItsKey() {
        CodeVault vault = vault("k1", Map.of("k1", K1), OLDER_RELEASE_KEY);

        assertThat(CodeVault.keyIdOf(OLD_SEALED)).isNull();
        assertThat(vault.open(OLD_SEALED, OLD_HASH)).isEqualTo(OLD_CODE);
        assertThat(vault.lookupHashes(OLD_CODE)).contains(OLD_HASH);
        assertThat(vault.opensOlderReleaseCodes()).isTrue();

        CodeVault without = vault("k1", Map.of("k1", K1), null);
        assertThatThrownBy(() -> without.open(OLD_SEALED, OLD_HASH)).isInstanceOf(CodeVault.CodeKeyUnavailable.class)
                .hasMessageContaining("returnflow.drop-off.code-key");
    }

    @Test
    void theStartFailsWithoutAUsableActiveKey() {
        assertThatIllegalStateException().isThrownBy(() -> vault(null, Map.of("k1", K1), null))
                .withMessageContaining("returnflow.drop-off.code-keys.active is not set");
        assertThatIllegalStateException().isThrownBy(() -> vault("k9", Map.of("k1", K1), null))
                .withMessageContaining("active is 'k9'").withMessageContaining("no secret of that id");
        assertThatIllegalStateException().isThrownBy(() -> vault("k1", Map.of("k1", ""), null))
                .as("an empty secret is no key").withMessageContaining("no secret of that id");
        String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatIllegalStateException().isThrownBy(() -> vault("k1", Map.of("k1", sixteenBytes), null))
                .withMessageContaining("returnflow.drop-off.code-keys.secrets.k1 is 16 bytes")
                .withMessageContaining("at least 32");
        assertThatIllegalStateException().isThrownBy(() -> vault("k1", Map.of("k1", "not base64!"), null))
                .withMessageContaining("secrets.k1 is not Base64");
        assertThatIllegalStateException().isThrownBy(() -> vault("K_1", Map.of("K_1", K1), null))
                .withMessageContaining("key id 'K_1'");
    }
}
