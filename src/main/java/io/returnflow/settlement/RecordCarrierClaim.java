package io.returnflow.settlement;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;

/**
 * BPMN "Record claim against the carrier", after customer service chose CLOSE_AS_LOST in
 * "Investigate missing parcel": the carrier that lost the parcel owes its declared value
 * ({@link CarrierClaims#claimLostParcel}); the buyer is refunded next.
 */
@Component("recordCarrierClaim")
class RecordCarrierClaim implements JavaDelegate {

    private final CarrierClaims claims;

    public RecordCarrierClaim(CarrierClaims claims) {
        this.claims = claims;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String returnId = (String) execution.getVariable(ReturnJourney.VAR_RETURN_ID);
        Object decidedBy = execution.getVariable(ReturnJourney.VAR_DECIDED_BY);
        claims.claimLostParcel(returnId, decidedBy == null ? "customer-service" : decidedBy.toString());
    }
}
