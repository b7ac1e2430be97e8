package io.returnflow.inspection;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;

/**
 * Take listener of the flow "Automatic" ({@code Flow_InspectAutomatically}) after "Inspect by hand?": nobody
 * inspects the parcel, so every returned line is recorded as the analysts' table {@code return-disposition} decides
 * (source {@code POLICY}, or {@code RESTOCK} with source {@code DEFAULT} where no rule answers), once per line however
 * often the flow is taken.
 *
 * <p>A listener runs in the transaction that moved the journey past the gateway: the one that tells it
 * {@code ParcelSigned}. When the table answers something that is not a disposition, the exception rolls that
 * transaction back whole (the receipt, the journey's move, every line), and its caller tries it again: the carrier
 * inbox entry of a home pickup's signature (tried again after its backoff, parked for operations after its
 * failures, put back in line with {@code POST /api/carrier-inbox/{id}/requeue}), or the store shipment's job
 * "Receive the shipment's returns" (its retry cycle, then an incident). No line is recorded on a guess, and none is
 * lost.
 */
@Component("recordDispositions")
class RecordDispositions implements ExecutionListener {

    private final Dispositions dispositions;

    RecordDispositions(Dispositions dispositions) {
        this.dispositions = dispositions;
    }

    @Override
    public void notify(DelegateExecution execution) {
        dispositions.recordNotInspected((String) execution.getVariable(ReturnJourney.VAR_RETURN_ID));
    }
}
