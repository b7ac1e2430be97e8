package io.returnflow.returns;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * BPMN "Start the lost-parcel clock", once the parcel is on its way (collected, or shipped from the
 * store): sets {@value #VAR_LOST_DEADLINE}, when "Parcel overdue" fires unless the warehouse signed.
 */
@Component("startLostParcelClock")
class StartLostParcelClock implements JavaDelegate {

    /** {@link java.util.Date}: the timer {@code Event_ParcelOverdue} fires then. */
    public static final String VAR_LOST_DEADLINE = "lostDeadline";

    private final JourneyTimings timings;

    public StartLostParcelClock(JourneyTimings timings) {
        this.timings = timings;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ReturnMethod method = ReturnMethod.valueOf((String) execution.getVariable(ReturnJourney.VAR_METHOD));
        execution.setVariable(VAR_LOST_DEADLINE, timings.lostDeadline(method));
    }
}
