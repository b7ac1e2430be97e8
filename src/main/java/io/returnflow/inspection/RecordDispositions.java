package io.returnflow.inspection;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;

/**
 * Take listener of the flow "Automatic" ({@code Flow_InspectAutomatically}) after "Inspect by hand?": nobody
 * inspects the parcel, so every returned line is recorded {@code RESTOCK} (source {@code DEFAULT}), once per line
 * however often the flow is taken.
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
