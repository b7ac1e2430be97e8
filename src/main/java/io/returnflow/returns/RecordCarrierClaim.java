package io.returnflow.returns;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.platform.Money;

/**
 * BPMN "Record claim against the carrier", after customer service chose CLOSE_AS_LOST in
 * "Investigate missing parcel": the carrier that lost the parcel owes its declared value (the items'
 * value); the buyer is refunded next.
 */
@Component("recordCarrierClaim")
class RecordCarrierClaim implements JavaDelegate {

    private final ReturnRepository returns;
    private final ReturnLegs legs;
    private final CarrierClaims claims;
    private final ReturnProgress progress;
    private final Clock clock;

    public RecordCarrierClaim(ReturnRepository returns, ReturnLegs legs, CarrierClaims claims,
                              ReturnProgress progress, Clock clock) {
        this.returns = returns;
        this.legs = legs;
        this.claims = claims;
        this.progress = progress;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String returnId = (String) execution.getVariable(ReturnJourney.VAR_RETURN_ID);
        CustomerReturn r = returns.get(returnId);
        // the leg that carried the parcel: the store's shipment for a drop-off, else the home pickup
        Optional<CarrierLeg> leg = legs.carrying(returnId);
        BigDecimal value = r.items().stream().map(ReturnItem::total).reduce(BigDecimal.ZERO, BigDecimal::add);
        Object decidedBy = execution.getVariable(ReturnJourney.VAR_DECIDED_BY);
        String claimedBy = decidedBy == null ? "customer-service" : decidedBy.toString();
        claims.record(new CarrierClaims.Claim(returnId, leg.map(CarrierLeg::orderCode).orElse(null),
                leg.map(CarrierLeg::carrier).orElse(null), leg.map(CarrierLeg::waybill).orElse(null), value,
                r.payment().currency(), claimedBy, OffsetDateTime.now(clock)));
        progress.note(returnId, "CARRIER_CLAIM", "Parcel closed as lost; claim of " + Money.text(value) + " "
                + r.payment().currency() + " against carrier " + leg.map(CarrierLeg::carrier).orElse("?") + " (order "
                + leg.map(CarrierLeg::orderCode).orElse("?") + leg.map(b -> b.waybill() == null ? ""
                : ", waybill " + b.waybill()).orElse("") + ")", claimedBy);
    }
}
