package io.returnflow.journey;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.returnflow.dropoff.DropOffCodes;
import io.returnflow.exchange.ExchangeOrderView;
import io.returnflow.exchange.ExchangeOrders;
import io.returnflow.inspection.LineDispositions;
import io.returnflow.payment.Refund;
import io.returnflow.payment.RefundLedger;
import io.returnflow.pickup.PickupBookings;
import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.Money;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.LineResolution;
import io.returnflow.returns.Resolution;
import io.returnflow.returns.ReturnItem;
import io.returnflow.returns.ReturnMethod;
import io.returnflow.returns.ReturnRepository;
import io.returnflow.storecredit.StoreCredit;
import io.returnflow.storecredit.StoreCreditLedger;
import io.returnflow.risk.RiskAssessment;
import io.returnflow.risk.RiskAssessments;

/** Assembles the return resource of API.md from the return's tables. */
@Component
@Transactional(readOnly = true)
public class ReturnViews {

    private final ReturnRepository returns;
    private final PickupBookings bookings;
    private final DropOffCodes codes;
    private final RefundLedger refunds;
    private final RuntimeService runtime;
    private final LineDispositions dispositions;
    private final ExchangeOrders exchanges;
    private final StoreCreditLedger storeCredits;
    private final RiskAssessments risks;
    private final ReturnRecords records;

    public ReturnViews(ReturnRepository returns, PickupBookings bookings, DropOffCodes codes, RefundLedger refunds,
                       RuntimeService runtime, LineDispositions dispositions, ExchangeOrders exchanges,
                       StoreCreditLedger storeCredits, RiskAssessments risks, ReturnRecords records) {
        this.records = records;
        this.storeCredits = storeCredits;
        this.risks = risks;
        this.returns = returns;
        this.bookings = bookings;
        this.codes = codes;
        this.refunds = refunds;
        this.runtime = runtime;
        this.dispositions = dispositions;
        this.exchanges = exchanges;
    }

    public ReturnView of(String returnId) {
        return of(returns.findSettled(returnId).orElseThrow(() -> ApiProblem.notFound("No return " + returnId)));
    }

    /** The return's resource, for a caller that holds the return as stored in this transaction. */
    public ReturnView of(CustomerReturn r) {
        ReturnRepository.Settlement settlement = returns.settlement(r.id());
        return of(r, settlement.credit(), settlement.lines());
    }

    /**
     * The return as stored and its resource, the return read with its lines' settlement in one statement; empty
     * when there is no such return.
     */
    public Optional<Shown> findWithReturn(String returnId) {
        return returns.findSettled(returnId).map(settled -> new Shown(settled.ret(), of(settled)));
    }

    private ReturnView of(ReturnRepository.Settled settled) {
        return of(settled.ret(), settled.credit(), settled.lines());
    }

    /** A return as stored and its resource. */
    public record Shown(CustomerReturn ret, ReturnView view) {
    }

    /**
     * Reads the records the journey's steps write beside the return only when they exist (one statement says
     * which do): a new return has none of them.
     */
    private ReturnView of(CustomerReturn r, ReturnRepository.PlannedCredit credit, Map<String, LineResolution> lines) {
        ReturnRecords.Present present = records.of(r.id());
        Refund refund = present.refund() ? refunds.find(r.id()).orElse(null) : null;
        BigDecimal inspectionDeductions = present.inspection()
                ? returns.inspectionDeductions(r.id()).orElse(null) : null;
        Map<String, LineDispositions.Recorded> dispositions = present.dispositions()
                ? this.dispositions.of(r.id()) : Map.of();
        StoreCredit storeCredit = present.storeCredit() ? storeCredits.find(r.id()).orElse(null) : null;
        String self = "/api/returns/" + r.id();
        return new ReturnView(r.id(), r.orderId(), r.status(), r.actionRequired() || hasIncident(r), r.method(),
                r.reason(),
                r.items().stream().map(i -> item(i, lines.get(i.lineId()), dispositions.get(i.lineId()))).toList(),
                new ReturnView.FreightView(Money.text(r.freight().amount()), r.freight().currency(),
                        r.freight().payer().name(), r.freight().rule()),
                refund(r, refund, inspectionDeductions),
                settlement(r, credit, lines),
                r.method() == ReturnMethod.HOME_PICKUP ? pickup(r) : null,
                r.method() == ReturnMethod.STORE_DROPOFF ? dropOff(r) : null,
                r.rejectionReasons(), r.createdAt(), r.updatedAt(),
                new ReturnView.Links(self, self + "/timeline"),
                present.exchangeOrder() ? exchanges.ofReturn(r.id()).map(ExchangeOrderView::of).orElse(null) : null,
                storeCredit == null ? null : new ReturnView.StoreCreditView(storeCredit.status().name(),
                        Money.text(storeCredit.amount()), Money.text(storeCredit.bonus()), storeCredit.currency(),
                        storeCredit.providerCreditId(), storeCredit.issuedAt()),
                present.risk() ? risks.latest(r.id()).map(ReturnViews::risk).orElse(null) : null);
    }

    private static ReturnView.ItemView item(ReturnItem i, LineResolution line, LineDispositions.Recorded disposition) {
        LineResolution.Replacement to = line == null ? null : line.exchangeFor();
        return new ReturnView.ItemView(i.lineId(), i.sku(), i.name(), i.category(), i.quantity(),
                Money.text(i.unitPrice()), line == null ? Resolution.REFUND.name() : line.resolution().name(),
                to == null ? null : new ReturnView.ReplacementView(to.sku(), to.name(), Money.text(to.unitPrice())),
                line == null ? null : line.rule(), disposition == null ? null : disposition.disposition().name());
    }

    private static ReturnView.SettlementView settlement(CustomerReturn r, ReturnRepository.PlannedCredit credit,
                                                        Map<String, LineResolution> lines) {
        BigDecimal differences = r.items().stream()
                .filter(i -> lines.containsKey(i.lineId()) && lines.get(i.lineId()).resolution() == Resolution.EXCHANGE)
                .map(i -> ReturnPricing.exchangeDifference(i, lines.get(i.lineId())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return new ReturnView.SettlementView(Money.text(r.refundPlan().amount()), Money.text(credit.amount()),
                Money.text(credit.bonus()), Money.text(differences), r.payment().currency());
    }

    private static ReturnView.RiskView risk(RiskAssessment a) {
        return new ReturnView.RiskView(a.actions(),
                a.rules().stream().map(rule -> new ReturnView.RiskRuleView(rule.rule(), rule.action(),
                        rule.description())).toList(),
                a.facts(), a.decidedAt(), a.decisionVersion(),
                a.review() == null ? null : new ReturnView.RiskReviewView(a.review().decision(), a.review().note(),
                        a.review().by(), a.review().at()));
    }

    /** A journey stuck on an incident (e.g. a carrier down for good) waits on operations. */
    private boolean hasIncident(CustomerReturn r) {
        return r.processInstanceId() != null
                && runtime.createIncidentQuery().processInstanceId(r.processInstanceId()).count() > 0;
    }

    private static ReturnView.RefundView refund(CustomerReturn r, Refund found, BigDecimal inspectionDeductions) {
        Optional<Refund> refund = Optional.ofNullable(found);
        String status = refund.map(ReturnViews::refundStatus).orElse("NOT_DUE");
        CustomerReturn.RefundPlan plan = r.refundPlan();
        return new ReturnView.RefundView(status, plan.due(), Money.text(plan.itemsTotal()),
                Money.text(inspectionDeductions), Money.text(plan.freightDeducted()),
                Money.text(plan.restockingFee()), Money.text(plan.amount()), r.payment().currency(),
                refund.map(Refund::providerRefundId).orElse(null), refund.map(Refund::refundedAt).orElse(null),
                refund.map(Refund::madeElsewhere).orElse(false), refund.map(Refund::externalReference).orElse(null));
    }

    private static String refundStatus(Refund refund) {
        return switch (refund.status()) {
            case INTENDED, SENT, PENDING -> "PENDING";
            case SUCCEEDED -> "SUCCEEDED";
            case FAILED -> "FAILED";
        };
    }

    private ReturnView.PickupView pickup(CustomerReturn r) {
        return bookings.latest(r.id(), PickupBookings.Purpose.HOME_PICKUP)
                .map(b -> new ReturnView.PickupView(b.carrier(), b.orderCode(), b.waybill(), b.attempt(),
                        new ReturnView.WindowView(b.windowStart(), b.windowEnd()),
                        b.status() == PickupBookings.Status.CANCELLED ? "CANCELLED"
                                : b.trackingState() == null ? null : b.trackingState().name(),
                        b.carrierOrderRef(),
                        b.courierName() == null && b.courierPhone() == null && b.pickupCode() == null ? null
                                : new ReturnView.CourierView(b.courierName(), b.courierPhone(), b.pickupCode())))
                .orElseGet(() -> new ReturnView.PickupView(null, null, null, null,
                        new ReturnView.WindowView(r.pickupWindowStart(), r.pickupWindowEnd()), null, null, null));
    }

    private ReturnView.DropOffView dropOff(CustomerReturn r) {
        Optional<DropOffCodes.IssuedCode> code = codes.current(r.id());
        return new ReturnView.DropOffView(r.dropOffStoreId(),
                code.map(c -> c.code().display()).orElse(null),
                code.map(DropOffCodes.IssuedCode::expiresAt).orElse(null),
                code.map(DropOffCodes.IssuedCode::checkedInAt).orElse(null),
                code.map(DropOffCodes.IssuedCode::shipmentId).orElse(null),
                code.isPresent() ? "/api/returns/" + r.id() + "/drop-off-code.png" : null);
    }

}
