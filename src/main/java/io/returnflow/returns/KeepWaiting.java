package io.returnflow.returns;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Date;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * BPMN "Keep waiting", after customer service chose KEEP_WAITING in "Investigate missing parcel":
 * the lost-parcel clock runs again until {@value #VAR_WAIT_UNTIL}. The task's completion refused a
 * time that is not in the future; a time that passed since then (or none) waits the configured
 * lost-in-transit period again.
 */
@Component("keepWaiting")
class KeepWaiting implements JavaDelegate {

    /** String, ISO-8601 date-time: until when to wait for the warehouse's signature. */
    public static final String VAR_WAIT_UNTIL = "waitUntil";

    private final JourneyTimings timings;
    private final BusinessProperties business;
    private final ReturnProgress progress;
    private final Clock clock;

    public KeepWaiting(JourneyTimings timings, BusinessProperties business, ReturnProgress progress, Clock clock) {
        this.timings = timings;
        this.business = business;
        this.progress = progress;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Date until = Moments.parse(execution.getVariable(VAR_WAIT_UNTIL), business.zone())
                .filter(chosen -> chosen.isAfter(now))
                .map(chosen -> Date.from(chosen.toInstant()))
                .orElseGet(timings::lostDeadline);
        execution.setVariable(StartLostParcelClock.VAR_LOST_DEADLINE, until);
        progress.note((String) execution.getVariable(ReturnJourney.VAR_RETURN_ID), "WAITING_FOR_PARCEL",
                "Waiting for the warehouse's signature until " + until.toInstant(), "system");
    }
}
