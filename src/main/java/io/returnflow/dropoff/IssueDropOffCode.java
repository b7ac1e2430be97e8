package io.returnflow.dropoff;

import java.util.Date;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.dropoff.DropOffCodes.IssuedCode;

/**
 * BPMN "Issue drop-off code": a single-use code for the chosen store. Sets
 * {@value #VAR_DROP_OFF_EXPIRES_AT}, when the expiry timer {@code Event_DropOffCodeExpired} fires.
 */
@Component("issueDropOffCode")
class IssueDropOffCode implements JavaDelegate {

    /** {@link Date}: the code's expiry. */
    public static final String VAR_DROP_OFF_EXPIRES_AT = "dropOffExpiresAt";

    private final DropOffService dropOffs;

    public IssueDropOffCode(DropOffService dropOffs) {
        this.dropOffs = dropOffs;
    }

    @Override
    public void execute(DelegateExecution execution) {
        IssuedCode issued = dropOffs.issue((String) execution.getVariable("returnId"));
        execution.setVariable(VAR_DROP_OFF_EXPIRES_AT, Date.from(issued.expiresAt().toInstant()));
    }
}
