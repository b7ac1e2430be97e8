package io.returnflow.returns;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves a return from one status to the next, with its timeline entry. The journey's delegates and
 * event handlers call these; each runs in the caller's (the engine's) transaction.
 */
@Service
@Transactional
public class ReturnProgress {

    private final ReturnRepository returns;
    private final ReturnTimeline timeline;
    private final Clock clock;

    public ReturnProgress(ReturnRepository returns, ReturnTimeline timeline, Clock clock) {
        this.returns = returns;
        this.timeline = timeline;
        this.clock = clock;
    }

    /** Keeps why the policy refused the return (the 422 and the resource show them). */
    public void refusalReasons(String returnId, List<String> reasons) {
        returns.setRejectionReasons(returnId, reasons, now());
    }

    public void reject(String returnId) {
        returns.updateStatus(returnId, ReturnStatus.REJECTED, now());
        returns.releaseOrderLines(returnId);
        timeline.record(returnId, "REJECTED", String.join("; ", returns.rejectionReasons(returnId)), "policy");
    }

    public void awaitingPickup(String returnId, String detail) {
        move(returnId, ReturnStatus.AWAITING_PICKUP, "PICKUP_BOOKED", detail, "carrier");
    }

    public void awaitingDropOff(String returnId, String detail) {
        move(returnId, ReturnStatus.AWAITING_DROP_OFF, "DROP_OFF_CODE_ISSUED", detail, "system");
    }

    /** The courier has the parcel; a person looking into the missed pickup need not act any more. */
    public void collected(String returnId, String detail) {
        moveActionTaken(returnId, ReturnStatus.IN_TRANSIT, "COLLECTED", detail, "carrier");
    }

    public void checkedIn(String returnId, String detail, String clerk) {
        move(returnId, ReturnStatus.IN_TRANSIT, "CHECKED_IN", detail, clerk);
    }

    /** Signed at the warehouse; a person looking for the parcel need not act any more. */
    public void received(String returnId, String detail) {
        moveActionTaken(returnId, ReturnStatus.RECEIVED, "SIGNED", detail, "carrier");
    }

    public void cancelled(String returnId, String detail) {
        move(returnId, ReturnStatus.CANCELLED, "CANCELLED", detail, "system");
        returns.releaseOrderLines(returnId);
    }

    /** The drop-off code was never used in time: the return ends and its order lines are free again. */
    public void expired(String returnId, String detail) {
        move(returnId, ReturnStatus.EXPIRED, "EXPIRED", detail, "system");
        returns.releaseOrderLines(returnId);
    }

    /** The parcel waits for an inspector. */
    public void inspecting(String returnId, String detail) {
        move(returnId, ReturnStatus.INSPECTING, "INSPECTION_REQUIRED", detail, "policy");
    }

    /** The inspector rejected the items: no refund, the order lines are free again. */
    public void rejectedAtInspection(String returnId, List<String> reasons, String inspector) {
        returns.reject(returnId, reasons, now());
        returns.releaseOrderLines(returnId);
        timeline.record(returnId, "REJECTED", "Rejected at inspection: " + String.join("; ", reasons), inspector);
    }

    public void completed(String returnId) {
        move(returnId, ReturnStatus.COMPLETED, "COMPLETED", "Return completed", "system");
    }

    public void note(String returnId, String type, String detail, String actor) {
        timeline.record(returnId, type, detail, actor);
    }

    /**
     * A note of a fact that happens once per {@code key} for the return, however often a step reports it (a
     * retried job, a step that confirms what an earlier one did): a second call with the same key adds nothing.
     *
     * @return whether it was recorded now
     */
    public boolean noteOnce(String returnId, String type, String detail, String actor, String key) {
        return timeline.recordOnce(returnId, null, type, detail, actor, key);
    }

    public void actionRequired(String returnId, String type, String detail) {
        returns.setActionRequired(returnId, true, now());
        timeline.record(returnId, type, detail, "system");
    }

    /** A person decided: the return no longer waits on anyone; the timeline says who decided what. */
    public void actionTaken(String returnId, String type, String detail, String actor) {
        returns.setActionRequired(returnId, false, now());
        timeline.record(returnId, type, detail, actor);
    }

    private void move(String returnId, ReturnStatus status, String event, String detail, String actor) {
        returns.updateStatus(returnId, status, now());
        timeline.record(returnId, event, detail, actor);
    }

    /** A move that also ends any wait on a person (one update of the return). */
    private void moveActionTaken(String returnId, ReturnStatus status, String event, String detail, String actor) {
        returns.updateStatus(returnId, status, false, now());
        timeline.record(returnId, event, detail, actor);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
