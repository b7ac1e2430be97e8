package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;

import io.returnflow.support.MigratedDatabase;
import io.returnflow.support.MutableClock;

/**
 * The API keys on the product's migrated tables, with time driven by the test: what is stored, how a presented key
 * is checked, revocation, and how often its use is written. Run on H2 (the embedded default) and on PostgreSQL.
 */
abstract class ApiKeysContract {

    static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
    static final Duration PRECISION = Duration.ofMinutes(1);

    MutableClock clock;
    MigratedDatabase db;
    ApiKeys keys;

    protected abstract MigratedDatabase database();

    @BeforeEach
    void setUp() {
        clock = new MutableClock(START);
        db = database();
        keys = new ApiKeys(db.jdbc(), clock, new ApiKeyProperties(PRECISION));
    }

    @Test
    void aKeyAuthenticatesWithItsRolesAndIsStoredAsItsHashOnly() {
        ApiKeyCreated created = keys.create("  Shop A  ", List.of("merchant-api", "warehouse", "merchant-api"), "ops");
        assertThat(created.name()).isEqualTo("Shop A");
        assertThat(created.roles()).containsExactly("merchant-api", "warehouse");
        assertThat(created.key()).matches("rfk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}");

        ApiKeyAuthentication authentication = keys.authenticate(created.key()).orElseThrow();
        assertThat(authentication.getName()).isEqualTo("api-key:" + created.id());
        assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_merchant-api", "ROLE_warehouse");

        String stored = db.jdbc().sql("select key_hash from api_keys where id = ?").param(created.id())
                .query(String.class).single();
        assertThat(stored).hasSize(64).isNotEqualTo(created.key());
        assertThat(keys.authenticate(stored)).isEmpty();
        ApiKey read = keys.find(created.id()).orElseThrow();
        assertThat(read.createdAt()).isEqualTo(OffsetDateTime.ofInstant(START, ZoneOffset.UTC));
        assertThat(read.createdBy()).isEqualTo("ops");
    }

    @Test
    void twoKeysAreNeverAlike() {
        ApiKeyCreated one = keys.create("Shop A", List.of("merchant-api"), "ops");
        ApiKeyCreated other = keys.create("Shop A", List.of("merchant-api"), "ops");
        assertThat(one.id()).isNotEqualTo(other.id());
        assertThat(one.key()).isNotEqualTo(other.key());
        // the secret of one with the id of the other is no key
        String swapped = "rfk_" + other.id() + one.key().substring(("rfk_" + one.id()).length());
        assertThat(keys.authenticate(swapped)).isEmpty();
        assertThat(keys.all()).hasSize(2);
    }

    @Test
    void aRevokedKeyAuthenticatesNothingAndKeepsItsFirstRevocation() {
        ApiKeyCreated created = keys.create("Shop A", List.of("merchant-api"), "ops");
        clock.advance(Duration.ofHours(1));
        ApiKey revoked = keys.revoke(created.id(), "ops").orElseThrow();
        assertThat(revoked.active()).isFalse();
        assertThat(keys.authenticate(created.key())).isEmpty();
        clock.advance(Duration.ofHours(1));
        ApiKey again = keys.revoke(created.id(), "admin").orElseThrow();
        assertThat(again.revokedAt()).isEqualTo(revoked.revokedAt());
        assertThat(again.revokedBy()).isEqualTo("ops");
        assertThat(keys.revoke("0000000000000000", "ops")).isEmpty();
    }

    @Test
    void aKeysUseIsWrittenAtMostOncePerPrecision() {
        ApiKeyCreated created = keys.create("Shop A", List.of("merchant-api"), "ops");
        assertThat(keys.find(created.id()).orElseThrow().lastUsedAt()).isNull();
        keys.authenticate(created.key()).orElseThrow();
        OffsetDateTime first = OffsetDateTime.ofInstant(START, ZoneOffset.UTC);
        assertThat(keys.find(created.id()).orElseThrow().lastUsedAt()).isEqualTo(first);

        clock.advance(PRECISION.minusSeconds(1));
        keys.authenticate(created.key()).orElseThrow();
        assertThat(keys.find(created.id()).orElseThrow().lastUsedAt()).as("within the precision").isEqualTo(first);

        clock.advance(Duration.ofSeconds(2));
        keys.authenticate(created.key()).orElseThrow();
        assertThat(keys.find(created.id()).orElseThrow().lastUsedAt())
                .isEqualTo(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    @Test
    void onlyTheRolesOfSystemsGoOnAKey() {
        assertThatThrownBy(() -> keys.create("Shop A", List.of("merchant-api", Roles.ADMIN), "ops"))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> assertThat(problem.errors())
                        .extracting(ApiProblem.FieldError::field).containsExactly("roles[1]"));
        assertThatThrownBy(() -> keys.create("Shop A", List.of(Roles.STORE_CLERK), "ops"))
                .isInstanceOf(ApiProblem.class);
        assertThat(keys.all()).isEmpty();
    }
}
