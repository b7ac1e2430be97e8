package io.returnflow.dropoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;

import io.returnflow.pickup.ReturnFixture;
import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnStatus;

/**
 * A clerk's check-in and the return's journey, on a migrated database, each check-in in a transaction of
 * its own as the application runs it: the journey is told once, in the same transaction as the code's
 * redemption and the timeline; a journey that no longer takes the check-in (it moved on since the code was
 * looked up) refuses it and nothing of it stays.
 */
class CheckInTellsTheJourneyTest {

    final ReturnFixture f = new ReturnFixture();
    final DropOffProperties properties = TestCodeKeys.properties(Duration.ofMinutes(10));
    final DropOffCodes codes = new DropOffCodes(f.db.jdbc(), new CodeVault(properties), properties, f.clock);
    final Journey journey = new Journey();
    final DropOffService dropOffs = new DropOffService(codes, f.returns, f.progress, journey, f.stores, f.pickups,
            f.clock);
    final TransactionTemplate transaction = new TransactionTemplate(f.db.transactions());
    DropOffCode code;

    @BeforeEach
    void aDropOffCodeForStoreOne() {
        f.homePickup("R-CHECKIN1");
        code = codes.issue("R-CHECKIN1", "S-SZ-001").code();
    }

    @Test
    void aCheckInTheJourneyTakesRedeemsTheCodeNotesItAndTellsTheJourneyOnce() {
        journey.takesIt = true;

        String returnId = transaction.execute(status -> dropOffs.checkIn("S-SZ-001", code.display(), "clerk"));

        assertThat(returnId).isEqualTo("R-CHECKIN1");
        assertThat(journey.told).containsExactly("R-CHECKIN1 " + ReturnJourney.MSG_DROP_OFF_CHECKED_IN);
        // on the timeline before the journey heard of it
        assertThat(journey.timelineWhenTold).containsExactly(List.of("CHECKED_IN"));
        assertThat(codes.current("R-CHECKIN1").orElseThrow().status()).isEqualTo(DropOffCodes.Status.USED);
        assertThat(f.returns.get("R-CHECKIN1").status()).isEqualTo(ReturnStatus.IN_TRANSIT);
    }

    @Test
    void aCheckInTheJourneyNoLongerTakesIsRefusedAndLeavesNothingBehind() {
        journey.takesIt = false;

        CodeRefused refused = catchThrowableOfType(CodeRefused.class,
                () -> transaction.execute(status -> dropOffs.checkIn("S-SZ-001", code.display(), "clerk")));

        assertThat(refused.status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.outcome()).isEqualTo(CheckInAudit.Outcome.USED);
        assertThat(refused.returnId()).isEqualTo("R-CHECKIN1");
        assertThat(journey.told).isEmpty();
        assertThat(codes.current("R-CHECKIN1").orElseThrow().status()).isEqualTo(DropOffCodes.Status.ISSUED);
        assertThat(f.timelineTypes("R-CHECKIN1")).doesNotContain("CHECKED_IN");
        assertThat(f.returns.get("R-CHECKIN1").status()).isEqualTo(ReturnStatus.REQUESTED);
    }

    @Test
    void aCodeCheckedInAlreadyIsRefusedWithoutAskingTheJourney() {
        journey.takesIt = true;
        transaction.execute(status -> dropOffs.checkIn("S-SZ-001", code.display(), "clerk"));

        CodeRefused again = catchThrowableOfType(CodeRefused.class,
                () -> transaction.execute(status -> dropOffs.checkIn("S-SZ-001", code.display(), "clerk")));

        assertThat(again.outcome()).isEqualTo(CheckInAudit.Outcome.USED);
        assertThat(journey.asked).isEqualTo(1);
        assertThat(f.timelineTypes("R-CHECKIN1").stream().filter("CHECKED_IN"::equals)).hasSize(1);
    }

    /** The journey: takes the check-in or not, as the test says, and records what it heard. */
    final class Journey extends ReturnJourney {

        boolean takesIt;
        int asked;
        final List<String> told = new ArrayList<>();
        final List<List<String>> timelineWhenTold = new ArrayList<>();

        Journey() {
            super(null, null);
        }

        @Override
        public boolean tellIfWaiting(String returnId, String message) {
            asked++;
            if (!takesIt) {
                return false;
            }
            told.add(returnId + " " + message);
            timelineWhenTold.add(f.timelineTypes(returnId).stream().filter("CHECKED_IN"::equals).toList());
            takesIt = false;
            return true;
        }
    }
}
