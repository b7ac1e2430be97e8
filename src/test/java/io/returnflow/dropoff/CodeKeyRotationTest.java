package io.returnflow.dropoff;

import static io.returnflow.dropoff.CodeVaultTest.K1;
import static io.returnflow.dropoff.CodeVaultTest.K2;
import static io.returnflow.dropoff.CodeVaultTest.OLDER_RELEASE_KEY;
import static io.returnflow.dropoff.CodeVaultTest.OLD_CODE;
import static io.returnflow.dropoff.CodeVaultTest.OLD_HASH;
import static io.returnflow.dropoff.CodeVaultTest.OLD_SEALED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.returnflow.pickup.ReturnFixture;
import io.returnflow.platform.ApiProblem;

/**
 * Stored codes across a key rotation, on the database: found and checked in under any configured key,
 * re-sealed with the active key, and codes stored by the release before key ids.
 */
class CodeKeyRotationTest {

    final ReturnFixture f = new ReturnFixture();

    DropOffCodes codes(String active, Map<String, String> secrets, String olderReleaseKey) {
        DropOffProperties properties = new DropOffProperties(Duration.ofDays(7), olderReleaseKey,
                new DropOffProperties.CodeKeys(active, secrets, otherThan(active, secrets), null, 10));
        return new DropOffCodes(f.db.jdbc(), new CodeVault(properties), properties, f.clock);
    }

    /** Every configured key but the active one retiring: re-sealed. */
    static List<String> otherThan(String active, Map<String, String> secrets) {
        return secrets.keySet().stream().filter(id -> !id.equals(active)).toList();
    }

    CodeResealer resealer(DropOffCodes codes) {
        return resealer(codes, 10);
    }

    CodeResealer resealer(DropOffCodes codes, int batchSize) {
        return new CodeResealer(codes, new DropOffProperties(Duration.ofDays(7), null,
                new DropOffProperties.CodeKeys("x", Map.of(), null, null, batchSize)));
    }

    /** Codes drawn from this list, in order, instead of at random. */
    DropOffCodes drawing(String active, Map<String, String> secrets, DropOffCode... draws) {
        DropOffProperties properties = new DropOffProperties(Duration.ofDays(7), null,
                new DropOffProperties.CodeKeys(active, secrets, otherThan(active, secrets), null, 10));
        Iterator<DropOffCode> next = List.of(draws).iterator();
        return new DropOffCodes(f.db.jdbc(), new CodeVault(properties), properties, f.clock, next::next);
    }

    static final DropOffCode X = DropOffCode.parse("7K3Q9XPM2" + DropOffCode.checkCharacter("7K3Q9XPM2")).orElseThrow();
    static final DropOffCode Y = DropOffCode.parse("ABCDEFGH2" + DropOffCode.checkCharacter("ABCDEFGH2")).orElseThrow();

    String storedSeal(String returnId) {
        return f.db.jdbc().sql("select code_sealed from drop_off_codes where return_id = ?").param(returnId)
                .query(String.class).single();
    }

    @Test
    void aCodeIssuedBeforeARotationIsFoundCheckedInAndResealed() {
        f.homePickup("R-ROT1");
        DropOffCode code = codes("k1", Map.of("k1", K1), null).issue("R-ROT1", "S-SZ-001").code();

        DropOffCodes rotated = codes("k2", Map.of("k1", K1, "k2", K2), null);
        assertThat(rotated.lookup(code)).get().extracting(DropOffCodes.IssuedCode::returnId).isEqualTo("R-ROT1");
        assertThat(rotated.current("R-ROT1").orElseThrow().code()).isEqualTo(code);

        assertThat(resealer(rotated).resealBatch()).isEqualTo(1);
        assertThat(storedSeal("R-ROT1")).startsWith("k2:");
        assertThat(resealer(rotated).resealBatch()).as("nothing left under k1").isZero();

        DropOffCodes k1Retired = codes("k2", Map.of("k2", K2), null);
        assertThat(k1Retired.redeem(code, "clerk", OffsetDateTime.now(f.clock))).isTrue();
        assertThat(k1Retired.lookup(code).orElseThrow().status()).isEqualTo(DropOffCodes.Status.USED);
    }

    @Test
    void aCodeIsCheckedInUnderItsOldHashBeforeItIsResealed() {
        f.homePickup("R-ROT2");
        DropOffCode code = codes("k1", Map.of("k1", K1), null).issue("R-ROT2", "S-SZ-001").code();

        assertThat(codes("k2", Map.of("k1", K1, "k2", K2), null).redeem(code, "clerk", OffsetDateTime.now(f.clock)))
                .isTrue();
    }

    @Test
    void aCodeStoredByTheReleaseBeforeKeyIdsIsFoundAndResealed() {
        f.homePickup("R-OLD1");
        // the row exactly as that release wrote it (CodeVaultTest: its hash and seal of OLD_CODE)
        f.db.jdbc().sql("""
                        insert into drop_off_codes (code_hash, return_id, store_id, code_sealed, status, issued_at,
                          expires_at) values (?, 'R-OLD1', 'S-SZ-001', ?, 'ISSUED', ?, ?)""")
                .params(OLD_HASH, OLD_SEALED, OffsetDateTime.now(f.clock), OffsetDateTime.now(f.clock).plusDays(7))
                .update();
        DropOffCodes upgraded = codes("k1", Map.of("k1", K1), OLDER_RELEASE_KEY);

        assertThat(upgraded.lookup(OLD_CODE)).get().extracting(DropOffCodes.IssuedCode::returnId).isEqualTo("R-OLD1");
        assertThat(upgraded.current("R-OLD1").orElseThrow().code()).isEqualTo(OLD_CODE);

        assertThat(resealer(upgraded).resealBatch()).isEqualTo(1);
        assertThat(storedSeal("R-OLD1")).startsWith("k1:");

        DropOffCodes olderKeyRemoved = codes("k1", Map.of("k1", K1), null);
        assertThat(olderKeyRemoved.lookup(OLD_CODE).orElseThrow().code()).isEqualTo(OLD_CODE);
    }

    @Test
    void codesOfAKeyThisNodeLacksNeitherBlockTheResealingNorAnswer500() {
        f.homePickup("R-GONE");
        f.homePickup("R-KEPT");
        codes("k0", Map.of("k0", K2), null).issue("R-GONE", "S-SZ-001");
        codes("k1", Map.of("k1", K1), null).issue("R-KEPT", "S-SZ-001");
        DropOffCodes k0Unknown = codes("k2", Map.of("k1", K1, "k2", CodeVaultTest.K1.replace('d', 'e')), null);

        assertThat(k0Unknown.sealedWithOtherKeys(null, 10)).extracting(DropOffCodes.SealedCode::sealed)
                .singleElement().asString().startsWith("k1:");
        assertThat(resealer(k0Unknown).resealBatch()).isEqualTo(1);
        assertThatThrownBy(() -> k0Unknown.current("R-GONE")).isInstanceOf(CodeVault.CodeKeyUnavailable.class);
    }

    @Test
    void aCodeThatCannotBeResealedIsPassedAndTheNextRunGoesOnBehindIt() {
        f.homePickup("R-BAD");
        f.homePickup("R-OK");
        DropOffCodes k1 = codes("k1", Map.of("k1", K1), null);
        k1.issue("R-BAD", "S-SZ-001");
        k1.issue("R-OK", "S-SZ-001");
        // the older of the two, with its seal altered: it comes first in every batch
        // one byte of the cipher text flipped (not a Base64 character: its padding bits may decode to the same bytes)
        String sealed = storedSeal("R-BAD");
        int cut = sealed.lastIndexOf(':') + 1;
        byte[] bytes = java.util.Base64.getDecoder().decode(sealed.substring(cut));
        bytes[bytes.length / 2] ^= 0x01;
        f.db.jdbc().sql("update drop_off_codes set code_sealed = ?, issued_at = ? where return_id = 'R-BAD'")
                .params(sealed.substring(0, cut) + java.util.Base64.getEncoder().encodeToString(bytes),
                        OffsetDateTime.now(f.clock).minusDays(1)).update();
        DropOffCodes rotated = codes("k2", Map.of("k1", K1, "k2", K2), null);
        CodeResealer oneAtATime = resealer(rotated, 1);

        assertThat(oneAtATime.resealBatch()).as("the altered code is passed").isZero();
        assertThat(oneAtATime.resealBatch()).as("the next run goes on behind it").isEqualTo(1);
        assertThat(storedSeal("R-OK")).startsWith("k2:");
        assertThat(storedSeal("R-BAD")).startsWith("k1:");
        assertThat(resealer(rotated).resealBatch()).as("a whole batch passes it too").isZero();
    }

    @Test
    void aCodeIsNeverIssuedWhenItIsStoredUnderAnotherKeysHash() {
        f.homePickup("R-X1");
        f.homePickup("R-X2");
        drawing("k1", Map.of("k1", K1), X).issue("R-X1", "S-SZ-001");

        DropOffCodes rotated = drawing("k2", Map.of("k1", K1, "k2", K2), X, Y);
        assertThat(rotated.issue("R-X2", "S-SZ-001").code()).as("X is stored under k1's hash: drawn again")
                .isEqualTo(Y);
        assertThat(rotated.lookup(X).orElseThrow().returnId()).isEqualTo("R-X1");
        assertThat(rotated.lookup(Y).orElseThrow().returnId()).isEqualTo("R-X2");
    }

    @Test
    void aCodeStoredUnderTwoKeysHashesIsAConflictAndPassedByTheResealing() {
        f.homePickup("R-T1");
        f.homePickup("R-T2");
        drawing("k1", Map.of("k1", K1), X).issue("R-T1", "S-SZ-001");
        // as a release that looked under the active key only could store it
        drawing("k2", Map.of("k2", K2), X).issue("R-T2", "S-SZ-001");
        DropOffCodes rotated = codes("k2", Map.of("k1", K1, "k2", K2), null);

        assertThatThrownBy(() -> rotated.lookup(X)).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status().value()).isEqualTo(409);
            assertThat(p.type().toString()).endsWith("/concurrent-change");
        });
        assertThat(resealer(rotated).resealBatch()).as("k2's hash of X is taken: passed").isZero();
        assertThat(storedSeal("R-T1")).startsWith("k1:");
    }

    @Test
    void duringARollingSwitchANodeStillOnTheOldKeyLeavesTheNewKeysCodesAlone() {
        f.homePickup("R-NEW");
        f.homePickup("R-OLDK");
        // a node already switched: k2 active, k1 retiring
        DropOffProperties switched = new DropOffProperties(Duration.ofDays(7), null,
                new DropOffProperties.CodeKeys("k2", Map.of("k1", K1, "k2", K2), List.of("k1"), null, 10));
        DropOffCodes onK2 = new DropOffCodes(f.db.jdbc(), new CodeVault(switched), switched, f.clock);
        // a node not switched yet: k1 active, k2 known, nothing retiring
        DropOffProperties notYet = new DropOffProperties(Duration.ofDays(7), null,
                new DropOffProperties.CodeKeys("k1", Map.of("k1", K1, "k2", K2), List.of(), null, 10));
        DropOffCodes onK1 = new DropOffCodes(f.db.jdbc(), new CodeVault(notYet), notYet, f.clock);
        onK2.issue("R-NEW", "S-SZ-001");
        onK1.issue("R-OLDK", "S-SZ-001");

        assertThat(resealer(onK1).resealBatch()).as("k2 is not retiring").isZero();
        assertThat(storedSeal("R-NEW")).startsWith("k2:");
        assertThat(resealer(onK2).resealBatch()).isEqualTo(1);
        assertThat(storedSeal("R-OLDK")).startsWith("k2:");
    }

    @Test
    void aSealMovedToAnotherCodesRowDoesNotOpen() {
        f.homePickup("R-SW1");
        f.homePickup("R-SW2");
        DropOffCodes k1 = codes("k1", Map.of("k1", K1), null);
        k1.issue("R-SW1", "S-SZ-001");
        DropOffCode second = k1.issue("R-SW2", "S-SZ-001").code();
        f.db.jdbc().sql("update drop_off_codes set code_sealed = ? where return_id = 'R-SW1'")
                .param(storedSeal("R-SW2")).update();

        assertThatThrownBy(() -> k1.current("R-SW1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be opened");
        assertThat(k1.current("R-SW2").orElseThrow().code()).isEqualTo(second);
    }
}
