package io.returnflow.dropoff;

import java.time.Clock;
import java.time.OffsetDateTime;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.returnflow.dropoff.DropOffCodes.IssuedCode;
import io.returnflow.platform.ApiProblem;
import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;

/** Drop-off codes from issue to check-in at the counter (核销). */
@Service
public class DropOffService {

    private final DropOffCodes codes;
    private final ReturnRepository returns;
    private final ReturnProgress progress;
    private final ReturnJourney journey;
    private final Clock clock;

    public DropOffService(DropOffCodes codes, ReturnRepository returns, ReturnProgress progress,
                          ReturnJourney journey, Clock clock) {
        this.codes = codes;
        this.returns = returns;
        this.progress = progress;
        this.journey = journey;
        this.clock = clock;
    }

    @Transactional
    public IssuedCode issue(String returnId) {
        String storeId = returns.get(returnId).dropOffStoreId();
        IssuedCode issued = codes.issue(returnId, storeId);
        progress.awaitingDropOff(returnId, "Drop-off code issued for store " + storeId + ", valid until "
                + issued.expiresAt());
        return issued;
    }

    @Transactional
    public void voidCode(String returnId) {
        codes.voidCodes(returnId);
        progress.note(returnId, "DROP_OFF_CODE_VOIDED", "Drop-off code voided", "system");
    }

    /**
     * A clerk scans a code at a store: the parcel is at the store. The return moves on and its
     * journey is told, in one transaction.
     *
     * @return the id of the return checked in
     */
    @Transactional
    public String checkIn(String storeId, String typedCode, String clerk) {
        DropOffCode code = DropOffCode.parse(typedCode).orElseThrow(() -> ApiProblem.invalid("code",
                "is not a valid drop-off code (check for a mistyped character)"));
        IssuedCode issued = codes.lookup(code).orElseThrow(() -> ApiProblem.notFound("No drop-off code " + code));
        OffsetDateTime now = OffsetDateTime.now(clock);
        switch (issued.status()) {
            case USED -> throw refused("code-used", "This code was already used at " + issued.checkedInAt() + ".");
            case VOID -> throw refused("code-cancelled", "This code was cancelled: the return was cancelled.");
            case EXPIRED -> throw refused("code-expired", "This code expired at " + issued.expiresAt() + ".");
            case ISSUED -> { }
        }
        if (!issued.expiresAt().isAfter(now)) {
            throw refused("code-expired", "This code expired at " + issued.expiresAt() + ".");
        }
        if (!issued.storeId().equals(storeId)) {
            throw refused("code-other-store", "This code was issued for store " + issued.storeId()
                    + ", not for store " + storeId + ".");
        }
        if (!journey.isWaitingFor(issued.returnId(), ReturnJourney.MSG_DROP_OFF_CHECKED_IN)
                || !codes.redeem(code, clerk, now)) {
            throw refused("code-used", "This code can no longer be checked in.");
        }
        progress.checkedIn(issued.returnId(), "Checked in at store " + storeId, clerk);
        journey.tell(issued.returnId(), ReturnJourney.MSG_DROP_OFF_CHECKED_IN);
        return issued.returnId();
    }

    private static ApiProblem refused(String type, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, type, "Code cannot be checked in", detail, java.util.List.of(),
                java.util.Map.of());
    }
}
