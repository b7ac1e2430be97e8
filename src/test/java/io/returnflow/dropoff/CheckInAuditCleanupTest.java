package io.returnflow.dropoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.returnflow.dropoff.CheckInAudit.Attempt;
import io.returnflow.dropoff.CheckInAudit.Kind;
import io.returnflow.dropoff.CheckInAudit.Outcome;
import io.returnflow.support.MigratedDatabase;
import io.returnflow.support.MutableClock;

/** The audit's retention: what is deleted, in batches, as the clock moves; and the window it may not undercut. */
class CheckInAuditCleanupTest {

    static final Duration RETENTION = Duration.ofDays(90);
    static final CheckInProperties LIMITS = new CheckInProperties(Duration.ofMinutes(1), 5, 30);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));

    void attempt(MigratedDatabase db, String clerk) {
        new CheckInAudit(db.jdbc(), db.transactions()).record(new Attempt(OffsetDateTime.now(clock), "S-SZ-001", clerk,
                "10.0.0.1", Kind.CHECK_IN, Outcome.UNKNOWN, null, null, 3));
    }

    List<String> clerksLeft(MigratedDatabase db) {
        return db.jdbc().sql("select clerk_id from check_in_attempts order by id").query(String.class).list();
    }

    CheckInAuditCleanup cleanup(MigratedDatabase db, int batchSize, int maxBatches) {
        return new CheckInAuditCleanup(db.jdbc(), new CheckInAuditProperties(RETENTION, Duration.ofHours(1), batchSize,
                maxBatches), LIMITS, clock);
    }

    void attemptsOldAndYoung(MigratedDatabase db) {
        for (int i = 1; i <= 5; i++) {
            attempt(db, "old" + i);
        }
        clock.advance(Duration.ofDays(30));
        attempt(db, "young");
    }

    @Test
    void attemptsOlderThanTheRetentionAreDeletedInBatchesAndYoungerOnesKept() {
        MigratedDatabase db = MigratedDatabase.migrated();
        attemptsOldAndYoung(db);
        CheckInAuditCleanup cleanup = cleanup(db, 2, 100);

        clock.advance(RETENTION.minusDays(30));
        assertThat(cleanup.deleteExpired()).as("exactly the retention old: kept").isZero();

        clock.advance(Duration.ofSeconds(1));
        assertThat(cleanup.deleteExpired()).isEqualTo(5);
        assertThat(clerksLeft(db)).containsExactly("young");

        clock.advance(Duration.ofDays(30));
        assertThat(cleanup.deleteExpired()).isEqualTo(1);
        assertThat(clerksLeft(db)).isEmpty();
    }

    @Test
    void oneRunDeletesAtMostItsBatchesAndTheNextRunGoesOn() {
        MigratedDatabase db = MigratedDatabase.migrated();
        attemptsOldAndYoung(db);
        CheckInAuditCleanup cleanup = cleanup(db, 2, 2);
        clock.advance(RETENTION);

        assertThat(cleanup.deleteExpired()).isEqualTo(4);
        assertThat(clerksLeft(db)).containsExactly("old5", "young");
        assertThat(cleanup.deleteExpired()).isEqualTo(1);
        assertThat(clerksLeft(db)).containsExactly("young");
    }

    @Test
    void onPostgresTooANodeAfterAnotherFindsNothingLeftToDelete() {
        MigratedDatabase db = MigratedDatabase.onPostgres();
        attemptsOldAndYoung(db);
        clock.advance(RETENTION);

        assertThat(cleanup(db, 2, 100).deleteExpired()).isEqualTo(5);
        assertThat(cleanup(db, 2, 100).deleteExpired()).isZero();
        assertThat(clerksLeft(db)).containsExactly("young");
    }

    @Test
    void aRetentionShorterThanTheWrongCodeWindowDoesNotStart() {
        MigratedDatabase db = MigratedDatabase.migrated();
        assertThatIllegalStateException().isThrownBy(() -> new CheckInAuditCleanup(db.jdbc(),
                        new CheckInAuditProperties(Duration.ofSeconds(59), Duration.ofHours(1), 10, 10), LIMITS, clock))
                .withMessageContaining("retention (PT59S) must not be shorter than returnflow.drop-off.check-in.window");
    }
}
