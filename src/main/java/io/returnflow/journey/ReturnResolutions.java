package io.returnflow.journey;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.ProblemType;
import io.returnflow.platform.ApiProblem.FieldError;
import io.returnflow.platform.Money;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.LineResolution;
import io.returnflow.returns.OrderGuards;
import io.returnflow.returns.RefundAfterInspection.AcceptedLine;
import io.returnflow.returns.RefundTiming;
import io.returnflow.returns.Resolution;
import io.returnflow.returns.ResolutionPolicy;
import io.returnflow.returns.ReturnItem;
import io.returnflow.returns.ReturnRepository;
import io.returnflow.returns.ReturnStatus;
import io.returnflow.returns.ReturnRequest;
import io.returnflow.returns.ReturnTimeline;
import io.returnflow.returns.SettledParts;

/**
 * How a return's lines are settled: the request's resolutions checked (the fields, then the analysts' table
 * {@code return-resolutions}), the return's parts planned again when a line's resolution changes (customer
 * service, or a refused exchange falling back), always under the order's cap.
 */
@Service
public class ReturnResolutions {

    /** The type of the 422 a line's resolution the table does not allow answers. */
    public static final String NOT_ALLOWED = ProblemType.RESOLUTION_NOT_ALLOWED.typeName();
    /** The type of the 409 a change of a settled return answers. */
    public static final String SETTLED = ProblemType.RESOLUTION_SETTLED.typeName();

    private final ResolutionPolicy policy;
    private final ReturnRepository returns;
    private final ReturnPricing pricing;
    private final ReturnTimeline timeline;
    private final OrderGuards orderGuards;
    private final List<SettledParts> settledParts;
    private final RuntimeService runtime;
    private final Clock clock;

    public ReturnResolutions(ResolutionPolicy policy, ReturnRepository returns, ReturnPricing pricing,
                             ReturnTimeline timeline, OrderGuards orderGuards, List<SettledParts> settledParts,
                             RuntimeService runtime, Clock clock) {
        this.policy = policy;
        this.returns = returns;
        this.pricing = pricing;
        this.timeline = timeline;
        this.orderGuards = orderGuards;
        this.settledParts = settledParts;
        this.runtime = runtime;
        this.clock = clock;
    }

    /**
     * What annotations cannot check of the resolutions asked: an exchange names its replacement (another sku, at
     * most the line's unit price: a dearer item is a new order), nothing else names one, and an instant exchange
     * needs an exchanged line.
     */
    public static List<FieldError> invalidFields(ReturnRequest request) {
        List<FieldError> errors = new ArrayList<>();
        boolean exchanges = false;
        for (int i = 0; i < request.items().size(); i++) {
            ReturnRequest.Item item = request.items().get(i);
            exchanges |= item.resolutionOrDefault() == Resolution.EXCHANGE;
            errors.addAll(invalidReplacement("items[" + i + "].", item.sku(), item.unitPrice(),
                    item.resolutionOrDefault(), item.exchangeFor()));
        }
        if (request.instantExchangeRequested() && !exchanges) {
            errors.add(new FieldError("instantExchange", "is only for a return with an EXCHANGE line"));
        }
        return errors;
    }

    private static List<FieldError> invalidReplacement(String prefix, String sku, java.math.BigDecimal unitPrice,
                                                       Resolution resolution, ReturnRequest.ExchangeTarget to) {
        if (resolution != Resolution.EXCHANGE) {
            return to == null ? List.of()
                    : List.of(new FieldError(prefix + "exchangeFor", "is only for resolution EXCHANGE"));
        }
        if (to == null) {
            return List.of(new FieldError(prefix + "exchangeFor", "is required for resolution EXCHANGE"));
        }
        List<FieldError> errors = new ArrayList<>();
        if (to.sku() != null && to.sku().equals(sku)) {
            errors.add(new FieldError(prefix + "exchangeFor.sku", "must be another sku than the returned line's "
                    + sku));
        }
        if (to.unitPrice() != null && unitPrice != null && to.unitPrice().compareTo(unitPrice) > 0) {
            errors.add(new FieldError(prefix + "exchangeFor.unitPrice", "must be at most the returned line's unit "
                    + "price " + Money.text(unitPrice) + ": a dearer item is a new order"));
        }
        return errors;
    }

    /** What the table allows each line of the request, in the request's order. */
    public List<ResolutionPolicy.Allowed> allowed(ReturnRequest request) {
        String tier = request.customer() == null ? null : request.customer().tier();
        return request.items().stream()
                .map(item -> policy.decide(item.category(), request.reason(), tier, item.unitPrice()))
                .toList();
    }

    /**
     * The lines as the request resolves them, each with what the table allowed it.
     *
     * @throws ApiProblem 422 {@value #NOT_ALLOWED} naming every line whose resolution the table does not allow
     */
    public List<LineResolution> resolve(ReturnRequest request) {
        List<ResolutionPolicy.Allowed> allowed = allowed(request);
        List<FieldError> refused = new ArrayList<>();
        List<LineResolution> lines = new ArrayList<>();
        for (int i = 0; i < request.items().size(); i++) {
            ReturnRequest.Item item = request.items().get(i);
            Resolution asked = item.resolutionOrDefault();
            if (!allowed.get(i).allows(asked)) {
                refused.add(notAllowed("items[" + i + "].resolution", asked, allowed.get(i)));
            } else {
                lines.add(LineResolution.of(item.lineId(), asked, replacement(item.exchangeFor()), allowed.get(i)));
            }
        }
        if (!refused.isEmpty()) {
            throw notAllowed(refused);
        }
        return lines;
    }

    static LineResolution.Replacement replacement(ReturnRequest.ExchangeTarget to) {
        return to == null ? null : new LineResolution.Replacement(to.sku(), to.name(), Money.of(to.unitPrice()));
    }

    private static FieldError notAllowed(String field, Resolution asked, ResolutionPolicy.Allowed allowed) {
        return new FieldError(field, asked + " is not allowed for this line (rule " + allowed.rule() + "); allowed: "
                + allowed.inOrder().stream().map(Enum::name).collect(Collectors.joining(", ")));
    }

    private static ApiProblem notAllowed(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " lines ask a resolution their policy does not allow";
        return new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, NOT_ALLOWED, "Resolution not allowed", detail, errors,
                Map.of());
    }

    /**
     * Customer service settles a line otherwise, while no part of the return is settled: checked against the
     * table, the return's parts planned again under the order's cap, the change on the timeline with who made it.
     *
     * @throws ApiProblem 404 no such return or line, 400 a replacement that does not fit, 409 {@value #SETTLED},
     *                    422 {@value #NOT_ALLOWED}
     */
    @Transactional
    public void change(String returnId, String lineId, Resolution resolution, ReturnRequest.ExchangeTarget exchangeFor,
                       String actor) {
        // before the locks only what never changes: the order, the lines
        CustomerReturn unlocked = returns.find(returnId)
                .orElseThrow(() -> ApiProblem.notFound("No return " + returnId));
        ReturnItem item = unlocked.items().stream().filter(i -> i.lineId().equals(lineId)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("Return " + returnId + " has no line " + lineId));
        List<FieldError> invalid = invalidReplacement("", item.sku(), item.unitPrice(), resolution, exchangeFor);
        if (!invalid.isEmpty()) {
            throw ApiProblem.invalid(invalid);
        }
        orderGuards.lock(unlocked.orderId());
        // the return's row, locked to the end of this change and read as locked: the hand-over (a check-in, a
        // collection) moves it, and every step that settles a part (a refund at hand-over, the exchange order, the
        // refund, the credit) runs after a hand-over, or after an instant exchange's request; so a settling step
        // either sees this change or is seen by it, and never reads the old resolutions while the new ones commit.
        // What the change decides on (the refund's timing, which a risk review may have moved meanwhile) is read here
        CustomerReturn r = returns.lockForChange(returnId, unlocked.items());
        ReturnStatus status = r.status();
        if (status.isClosed()) {
            throw ApiProblem.conflict(SETTLED, "Return " + returnId + " is " + status
                    + ": its resolutions can no longer change.");
        }
        for (SettledParts parts : settledParts) {
            Optional<String> settled = parts.settledPart(returnId);
            if (settled.isPresent()) {
                throw ApiProblem.conflict(SETTLED, "Return " + returnId + " has settled a part already ("
                        + settled.get() + "); its resolutions can no longer change.");
            }
        }
        if (status.isParcelOnItsWay()) {
            throw ApiProblem.conflict(SETTLED, "Return " + returnId + " is " + status + ": the parcel was handed "
                    + "over and its parts are being settled; its resolutions can no longer change.");
        }
        if (returns.plannedCredit(returnId).instantExchangeRequested()) {
            throw ApiProblem.conflict(SETTLED, "Return " + returnId + " asked for an instant exchange, ordered at "
                    + "request; its resolutions can no longer change.");
        }
        ResolutionPolicy.Allowed allowed = policy.decide(item.category(), r.reason(), r.customer().tier(),
                item.unitPrice());
        if (!allowed.allows(resolution)) {
            throw notAllowed(List.of(notAllowed("resolution", resolution, allowed)));
        }
        LineResolution before = returns.resolutions(returnId).get(lineId);
        LineResolution after = LineResolution.of(lineId, resolution, replacement(exchangeFor), allowed);
        returns.updateResolution(returnId, after);
        if (resolution == Resolution.EXCHANGE) {
            refundAtReceiptAtTheEarliest(r);
        }
        ReturnPricing.Settlement planned = replan(returnId);
        timeline.record(returnId, "RESOLUTION_CHANGED", lineId + ": " + describe(before) + " → " + describe(after)
                + " (" + ResolutionPolicy.DECISION_KEY + ": " + allowed.rule() + "); " + describe(planned,
                r.payment().currency()), actor);
    }

    /**
     * A return that exchanges a line never refunds at hand-over: a refused exchange may still fall back to a
     * refund, and the ledger refunds a return once. The journey's variable follows, so that it waits for the parcel.
     */
    private void refundAtReceiptAtTheEarliest(CustomerReturn r) {
        if (!RefundTiming.AT_DROP_OFF.name().equals(r.refundPlan().due())) {
            return;
        }
        returns.updateRefundDue(r.id(), RefundTiming.AT_WAREHOUSE_RECEIPT, OffsetDateTime.now(clock));
        if (r.processInstanceId() != null && runtime.createProcessInstanceQuery()
                .processInstanceId(r.processInstanceId()).count() > 0) {
            runtime.setVariable(r.processInstanceId(), RecordRefundTiming.VAR_REFUND_TIMING,
                    RefundTiming.AT_WAREHOUSE_RECEIPT.name());
        }
        timeline.record(r.id(), "REFUND_TIMING", "Refund due " + RefundTiming.AT_WAREHOUSE_RECEIPT
                + " instead of " + RefundTiming.AT_DROP_OFF + ": a return with an exchanged line refunds once its "
                + "parcel is received", "policy");
    }

    /**
     * Plans the return's parts again from its lines as they are resolved now (and, once inspected, from what the
     * inspector accepted), under the order's cap, and records them.
     */
    @Transactional
    public ReturnPricing.Settlement replan(String returnId) {
        CustomerReturn r = returns.get(returnId);
        // the order's figure, fixed by its first return (a return recorded before it was fixed may state another)
        BigDecimal paid = orderGuards.lock(r.orderId()).map(OrderGuards.OrderPayment::amountPaid)
                .orElse(r.payment().amountPaid());
        Map<String, LineResolution> resolutions = returns.resolutions(returnId);
        ReturnPricing.Settlement planned = pricing.settlement(r.items(), resolutions, r.freight(),
                paid, returns.plannedRefundsOfOrder(r.orderId(), r.id()),
                RefundTimingPolicy.parse(r.refundPlan().due()));
        Map<String, AcceptedLine> accepted = returns.acceptedLines(returnId);
        if (!accepted.isEmpty()) {
            var parts = pricing.afterInspection(planned.parts(), r.items(), resolutions, accepted);
            planned = new ReturnPricing.Settlement(parts.refund(), parts.credit(), parts.creditBonus(),
                    planned.exchangeDifference());
        }
        returns.updateSettlement(returnId, planned.refund(), planned.credit(), planned.creditBonus(),
                OffsetDateTime.now(clock));
        return planned;
    }

    static String describe(LineResolution line) {
        if (line == null) {
            return Resolution.REFUND.name();
        }
        return line.exchangeFor() == null ? line.resolution().name() : line.resolution() + " for "
                + line.exchangeFor().sku() + " at " + Money.text(line.exchangeFor().unitPrice());
    }

    static String describe(ReturnPricing.Settlement planned, String currency) {
        return "refund " + Money.text(planned.refund().amount()) + " " + currency + ", store credit "
                + Money.text(planned.credit()) + " + bonus " + Money.text(planned.creditBonus()) + " " + currency;
    }
}
