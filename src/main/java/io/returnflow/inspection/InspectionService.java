package io.returnflow.inspection;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.LineResolution;
import io.returnflow.returns.RefundAfterInspection;
import io.returnflow.returns.Resolution;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;

/**
 * Manual inspection: the return waiting for an inspector, the rows the inspector starts from, and what
 * an inspection changes (the results, the refund, a rejection).
 */
@Service
@Transactional
public class InspectionService {

    private final ReturnRepository returns;
    private final InspectionResults results;
    private final RefundAfterInspection pricing;
    private final ReturnProgress progress;
    private final Clock clock;

    public InspectionService(ReturnRepository returns, InspectionResults results, RefundAfterInspection pricing,
                             ReturnProgress progress, Clock clock) {
        this.returns = returns;
        this.results = results;
        this.pricing = pricing;
        this.progress = progress;
        this.clock = clock;
    }

    /**
     * The parcel waits for an inspector (the task "Inspect returned items" opened, as "Decide
     * inspection" decided): the return is {@code INSPECTING}.
     */
    public void awaitInspector(String returnId) {
        CustomerReturn r = returns.get(returnId);
        progress.inspecting(returnId, "An inspector checks the items (" + InspectionRoutingPolicy.DECISION_KEY
                + "): worth " + r.refundPlan().itemsTotal().toPlainString() + " " + r.payment().currency()
                + ", returned as " + r.reason());
    }

    /** The rows the inspection form starts from (JSON). */
    @Transactional(readOnly = true)
    public String blankSheet(String returnId) {
        return InspectionSheet.blank(returns.items(returnId));
    }

    /** Checks a submission against the return's items; throws {@link InvalidInspection}. */
    @Transactional(readOnly = true)
    public InspectionSheet.Verdict check(String returnId, Object outcome, String rows) {
        Set<String> exchanged = returns.resolutions(returnId).values().stream()
                .filter(line -> line.resolution() == Resolution.EXCHANGE).map(LineResolution::lineId)
                .collect(Collectors.toSet());
        return InspectionSheet.check(returns.items(returnId), exchanged, outcome, rows);
    }

    /**
     * Stores the inspection and plans the refund (and a store credit) from it, each part from its own lines:
     * accepted quantities at their prices less the deductions (then freight and fees as before), never above
     * the plan the return had.
     *
     * @return the refund plan now in force
     */
    public CustomerReturn.RefundPlan record(String returnId, InspectionSheet.Verdict verdict, String inspector) {
        CustomerReturn r = returns.get(returnId);
        OffsetDateTime now = OffsetDateTime.now(clock);
        results.save(returnId, verdict, inspector, now);
        Map<String, RefundAfterInspection.AcceptedLine> accepted = new HashMap<>();
        verdict.lines().forEach(l -> accepted.put(l.lineId(),
                new RefundAfterInspection.AcceptedLine(l.acceptedQuantity(), l.deduction())));
        ReturnRepository.PlannedCredit credit = returns.plannedCredit(returnId);
        RefundAfterInspection.Parts parts = pricing.afterInspection(
                new RefundAfterInspection.Parts(r.refundPlan(), credit.amount(), credit.bonus()), r.items(),
                returns.resolutions(returnId), accepted);
        CustomerReturn.RefundPlan plan = parts.refund();
        returns.updateSettlement(returnId, plan, parts.credit(), parts.creditBonus(), now);
        String currency = r.payment().currency();
        String credited = parts.credit().signum() == 0 && parts.creditBonus().signum() == 0 ? ""
                : ", store credit " + parts.credit().toPlainString() + " " + currency + " + bonus "
                + parts.creditBonus().toPlainString();
        progress.note(returnId, "INSPECTED", verdict.outcome() + ": " + verdict.lines().stream()
                .map(l -> l.lineId() + " " + l.condition() + ", " + l.acceptedQuantity() + " of " + l.quantity()
                        + " accepted" + (l.deduction().signum() > 0 ? ", " + l.deduction().toPlainString() + " "
                        + currency + " deducted (" + l.deductionReason() + ")" : ""))
                .reduce((a, b) -> a + "; " + b).orElse("") + ". Refund " + plan.amount().toPlainString() + " "
                + currency + credited, inspector);
        return plan;
    }

    /** The inspector rejected the items: the return ends REJECTED with the inspector's reasons, no refund. */
    public void reject(String returnId, String inspector) {
        List<String> reasons = results.of(returnId).stream()
                .map(res -> res.lineId() + ": " + res.condition()
                        + (res.deductionReason() == null ? "" : ", " + res.deductionReason()))
                .toList();
        progress.rejectedAtInspection(returnId, reasons.isEmpty() ? List.of("rejected at inspection") : reasons,
                inspector);
    }

    /** How a received parcel is checked ({@code inspection}), read by {@code Gateway_Inspection}. */
    public enum Inspection { MANUAL, AUTOMATIC }
}
