package io.returnflow.dropoff;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.returnflow.carrier.PickupCancellation;
import io.returnflow.dropoff.CheckInAudit.Outcome;
import io.returnflow.dropoff.DropOffCodes.IssuedCode;
import io.returnflow.pickup.PickupService;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;

/** Drop-off codes from issue to check-in at the counter (核销). */
@Service
class DropOffService {

    private final DropOffCodes codes;
    private final ReturnRepository returns;
    private final ReturnProgress progress;
    private final ReturnJourney journey;
    private final Stores stores;
    private final PickupService pickups;
    private final Clock clock;

    public DropOffService(DropOffCodes codes, ReturnRepository returns, ReturnProgress progress,
                          ReturnJourney journey, Stores stores, PickupService pickups, Clock clock) {
        this.codes = codes;
        this.returns = returns;
        this.progress = progress;
        this.journey = journey;
        this.stores = stores;
        this.pickups = pickups;
        this.clock = clock;
    }

    /**
     * The buyer never brought the parcel: the unused code expires and the return ends {@code EXPIRED}.
     * A code checked in meanwhile wins: the return is then left as it is.
     *
     * @return whether the return expired
     */
    @Transactional
    public boolean expire(String returnId) {
        Optional<IssuedCode> current = codes.current(returnId);
        if (current.isPresent() && current.get().status() == DropOffCodes.Status.USED) {
            return false;
        }
        codes.expire(returnId);
        progress.expired(returnId, current.map(c -> "Drop-off code for store " + c.storeId() + " expired unused at "
                + c.expiresAt()).orElse("Drop-off code expired unused"));
        return true;
    }

    /**
     * A home pickup that failed becomes a store drop-off: the courier's booking is cancelled, the
     * store recorded. The code is issued by the next step.
     *
     * @throws IllegalArgumentException the store is not an active drop-off store
     * @throws IllegalStateException    the carrier refused the cancellation: its courier has the parcel,
     *                                  so the return cannot switch (the step fails and operations see it)
     */
    @Transactional
    public void switchFromPickup(String returnId, String storeId, String decidedBy) {
        Store store = stores.find(storeId == null ? "" : storeId).orElseThrow(() -> new IllegalArgumentException(
                "Return " + returnId + ": '" + storeId + "' is not an active drop-off store"));
        if (pickups.cancel(returnId) instanceof PickupCancellation.Refused refused) {
            throw new IllegalStateException("Return " + returnId + " cannot switch to store drop-off: the carrier"
                    + " refused to cancel pickup " + refused.orderCode() + " (" + refused.reason()
                    + "), its courier has the parcel");
        }
        returns.switchToDropOff(returnId, store.id(), OffsetDateTime.now(clock));
        progress.note(returnId, "SWITCHED_TO_DROP_OFF", "Home pickup replaced by a drop-off at store " + store.id()
                + " (" + store.name() + ")", decidedBy);
    }

    @Transactional
    public IssuedCode issue(String returnId) {
        String storeId = returns.dropOffStoreId(returnId);
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
     * journey is told, in one transaction. A mistyped code is refused before any lookup.
     *
     * @return the id of the return checked in
     * @throws CodeRefused the code is mistyped, unknown, used, expired, cancelled or for another store
     */
    @Transactional
    public String checkIn(String storeId, String typedCode, String clerk) {
        IssuedCode issued = admissible(storeId, typedCode);
        // the code first: of two clerks scanning it at once, the second waits here and is refused
        if (!codes.redeem(issued.code(), clerk, OffsetDateTime.now(clock))) {
            throw refusedNow(issued);
        }
        // noted before the journey moves on, as it reads; a journey that no longer takes the check-in refuses
        // it, and the rollback takes the code's redemption and the note back
        progress.checkedIn(issued.returnId(), "Checked in at store " + storeId, clerk);
        if (!journey.tellIfWaiting(issued.returnId(), ReturnJourney.MSG_DROP_OFF_CHECKED_IN)) {
            throw refusedNow(issued);
        }
        return issued.returnId();
    }

    /**
     * What the clerk is about to check in, without checking it in: refused exactly as
     * {@link #checkIn} would refuse it.
     *
     * @throws CodeRefused as {@link #checkIn}
     */
    @Transactional
    public CheckInPreview preview(String storeId, String typedCode) {
        IssuedCode issued = admissible(storeId, typedCode);
        if (!journey.isWaitingFor(issued.returnId(), ReturnJourney.MSG_DROP_OFF_CHECKED_IN)) {
            throw refusedNow(issued);
        }
        CustomerReturn r = returns.get(issued.returnId());
        List<CheckInPreview.Item> items = r.items().stream()
                .map(i -> new CheckInPreview.Item(i.sku(), i.name(), i.quantity())).toList();
        return new CheckInPreview(r.id(), r.orderId(), CheckInPreview.mask(r.customer() == null ? null : r.customer().name()), items,
                issued.expiresAt(), issued.storeId());
    }

    private static CodeRefused refusedNow(IssuedCode issued) {
        return CodeRefused.conflict(Outcome.USED, issued.returnId(), "This code can no longer be checked in.");
    }

    /** The issued code behind what was typed, if it can be checked in at this store now: one lookup by hash. */
    private IssuedCode admissible(String storeId, String typedCode) {
        DropOffCode code = DropOffCode.parse(typedCode).orElseThrow(CodeRefused::malformed);
        IssuedCode issued = codes.lookup(code).orElseThrow(() -> CodeRefused.unknown(code));
        String returnId = issued.returnId();
        switch (issued.status()) {
            case USED -> throw CodeRefused.conflict(Outcome.USED, returnId,
                    "This code was already used at " + issued.checkedInAt() + ".");
            case VOID -> throw CodeRefused.conflict(Outcome.CANCELLED, returnId,
                    "This code was cancelled: the return was cancelled.");
            case EXPIRED -> throw CodeRefused.conflict(Outcome.EXPIRED, returnId,
                    "This code expired at " + issued.expiresAt() + ".");
            case ISSUED -> { }
        }
        if (!issued.expiresAt().isAfter(OffsetDateTime.now(clock))) {
            throw CodeRefused.conflict(Outcome.EXPIRED, returnId, "This code expired at " + issued.expiresAt() + ".");
        }
        if (!issued.storeId().equals(storeId)) {
            throw CodeRefused.conflict(Outcome.OTHER_STORE, returnId, "This code was issued for store "
                    + issued.storeId() + ", not for store " + storeId + ".");
        }
        return issued;
    }
}
