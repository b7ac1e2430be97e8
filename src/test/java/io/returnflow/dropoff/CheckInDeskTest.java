package io.returnflow.dropoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import io.returnflow.platform.ApiProblem;
import io.returnflow.pickup.ReturnFixture;

/**
 * The counter on a migrated database, wired by hand: who may check in where, what is refused before
 * any lookup, the limits, and the audit of every attempt.
 */
class CheckInDeskTest {

    final ReturnFixture f = new ReturnFixture();
    final DropOffProperties properties = TestCodeKeys.properties(Duration.ofMinutes(10));
    final CodeVault vault = new CodeVault(properties);
    final AtomicInteger lookups = new AtomicInteger();
    /** The codes repository, counting how often the database is asked for a code. */
    final DropOffCodes codes = new DropOffCodes(f.db.jdbc(), vault, properties, f.clock) {
        @Override
        public Optional<IssuedCode> lookup(DropOffCode code) {
            lookups.incrementAndGet();
            return super.lookup(code);
        }
    };
    final DropOffService dropOffs = new DropOffService(codes, f.returns, f.progress, null, f.stores, f.pickups, f.clock);
    final StoreClerks clerks = new StoreClerks(f.db.jdbc(), f.db.dataSource());
    final CheckInLimiter limiter = new CheckInLimiter(f.db.jdbc(),
            new CheckInProperties(Duration.ofMinutes(1), 5, 30), f.clock);
    final CheckInDesk desk = new CheckInDesk(dropOffs, clerks, limiter,
            new CheckInAudit(f.db.jdbc(), f.db.transactions()), vault, f.clock);

    final CheckInDesk.Clerk clerk = new CheckInDesk.Clerk("clerk", false, "10.0.0.1");
    DropOffCode code;

    @BeforeEach
    void aCodeForStoreOneAndItsClerk() {
        f.stores.save(new Store("S-SZ-002", "福田店", "广东省", "深圳市", "福田区", "福华三路 88 号", "518048", null, null));
        f.homePickup("R-COUNTER1");
        code = codes.issue("R-COUNTER1", "S-SZ-001").code();
        clerks.bind("S-SZ-001", "clerk", "ops", OffsetDateTime.now(f.clock));
    }

    @Test
    void aMistypedCodeIsRefusedWithoutAnyLookupAndAudited() {
        String typo = (code.value().charAt(0) == '2' ? '3' : '2') + code.value().substring(1);

        ApiProblem refused = catchThrowableOfType(ApiProblem.class, () -> desk.checkIn("S-SZ-001", typo, clerk));

        assertThat(refused.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.errors()).extracting(ApiProblem.FieldError::field).containsExactly("code");
        assertThat(lookups).hasValue(0);
        assertThat(attempts()).containsExactly(new Row("CHECK_IN", "MALFORMED", "clerk", "10.0.0.1", null, null));
    }

    @Test
    void anUnknownCodeIs404AfterOneLookupAndAuditedByItsHashOnly() {
        DropOffCode unknown = DropOffCode.generate(new java.security.SecureRandom());

        ApiProblem refused = catchThrowableOfType(ApiProblem.class,
                () -> desk.preview("S-SZ-001", unknown.display().toLowerCase(), clerk));

        assertThat(refused.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(lookups).hasValue(1);
        assertThat(attempts()).containsExactly(
                new Row("PREVIEW", "UNKNOWN", "clerk", "10.0.0.1", vault.lookupHash(unknown), null));
        assertThat(vault.lookupHash(unknown)).matches("[0-9a-f]{64}").doesNotContain(unknown.value());
    }

    @Test
    void usedExpiredCancelledAndOtherStoreCodesAre409SayingWhich() {
        clerks.bind("S-SZ-002", "clerk", "ops", OffsetDateTime.now(f.clock));
        assertThat(conflict("S-SZ-002", code)).contains("issued for store S-SZ-001");

        f.clock.advance(Duration.ofMinutes(11));
        assertThat(conflict("S-SZ-001", code)).contains("expired");

        f.homePickup("R-COUNTER2");
        DropOffCode used = codes.issue("R-COUNTER2", "S-SZ-001").code();
        codes.redeem(used, "clerk", OffsetDateTime.now(f.clock));
        assertThat(conflict("S-SZ-001", used)).contains("already used");

        f.homePickup("R-COUNTER3");
        DropOffCode cancelled = codes.issue("R-COUNTER3", "S-SZ-001").code();
        codes.voidCodes("R-COUNTER3");
        assertThat(conflict("S-SZ-001", cancelled)).contains("cancelled");

        assertThat(attempts()).extracting(Row::outcome).containsExactly("OTHER_STORE", "EXPIRED", "USED", "CANCELLED");
        assertThat(attempts()).extracting(Row::returnId)
                .containsExactly("R-COUNTER1", "R-COUNTER1", "R-COUNTER2", "R-COUNTER3");
    }

    @Test
    void aClerkOfAnotherStoreIsRefusedBeforeAnyLookupAndAnAdminMayCheckAnywhere() {
        ApiProblem refused = catchThrowableOfType(ApiProblem.class, () -> desk.checkIn("S-SZ-002", code.value(), clerk));

        assertThat(refused.status()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(refused.type().toString()).endsWith("/not-your-store");
        assertThat(lookups).hasValue(0);

        CheckInDesk.Clerk admin = new CheckInDesk.Clerk("admin", true, "10.0.0.9");
        ApiProblem otherStore = catchThrowableOfType(ApiProblem.class, () -> desk.checkIn("S-SZ-002", code.value(), admin));
        assertThat(otherStore.status()).as("looked up: the code is for S-SZ-001").isEqualTo(HttpStatus.CONFLICT);

        assertThat(attempts()).extracting(Row::outcome).containsExactly("NOT_YOUR_STORE", "OTHER_STORE");
    }

    @Test
    void theSixthWrongCodeWithinAMinuteWaitsAndIsNotLookedUp() {
        DropOffCode unknown = DropOffCode.generate(new java.security.SecureRandom());
        for (int i = 0; i < 5; i++) {
            assertThat(catchThrowableOfType(ApiProblem.class, () -> desk.checkIn("S-SZ-001", unknown.value(), clerk))
                    .status()).isEqualTo(HttpStatus.NOT_FOUND);
        }
        f.clock.advance(Duration.ofSeconds(15));

        CheckInDesk.TooManyAttempts limited = catchThrowableOfType(CheckInDesk.TooManyAttempts.class,
                () -> desk.checkIn("S-SZ-001", code.value(), clerk));

        assertThat(limited.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(limited.retryAfterSeconds()).isEqualTo(45);
        assertThat(lookups).as("even a right code waits").hasValue(5);
        assertThat(attempts()).extracting(Row::outcome).endsWith("UNKNOWN", "RATE_LIMITED");

        // the same user from another device is another client
        ApiProblem fromElsewhere = catchThrowableOfType(ApiProblem.class,
                () -> desk.checkIn("S-SZ-001", unknown.value(), new CheckInDesk.Clerk("clerk", false, "10.0.0.2")));
        assertThat(fromElsewhere.status()).isEqualTo(HttpStatus.NOT_FOUND);

        f.clock.advance(Duration.ofSeconds(45));
        ApiProblem later = catchThrowableOfType(ApiProblem.class, () -> desk.checkIn("S-SZ-001", unknown.value(), clerk));
        assertThat(later.status()).as("a minute after the first failure").isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(attempts()).hasSize(8);
    }

    private String conflict(String storeId, DropOffCode c) {
        ApiProblem refused = catchThrowableOfType(ApiProblem.class, () -> desk.checkIn(storeId, c.display(), clerk));
        assertThat(refused.status()).isEqualTo(HttpStatus.CONFLICT);
        return refused.getMessage();
    }

    record Row(String kind, String outcome, String clerkId, String clientAddress, String codeHash, String returnId) {
    }

    List<Row> attempts() {
        return f.db.jdbc().sql("""
                        select kind, outcome, clerk_id, client_address, code_hash, return_id from check_in_attempts
                        order by id""")
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)))
                .list();
    }
}
