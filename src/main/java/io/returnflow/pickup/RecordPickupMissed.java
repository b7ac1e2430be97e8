package io.returnflow.pickup;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnProgress;

/**
 * End listener of the timer "Courier did not come": the booked window passed without a collection. The missed
 * pickup is recorded when it happens, in the timer's transaction (the merchant's {@code pickup.failed}), whatever
 * follows: an automatic rebooking, or customer service's task.
 */
@Component("recordPickupMissed")
class RecordPickupMissed implements ExecutionListener {

    /** The timeline entry of a courier who did not come. */
    static final String TIMELINE_TYPE = "PICKUP_MISSED";

    private final PickupBookings bookings;
    private final ReturnProgress progress;

    RecordPickupMissed(PickupBookings bookings, ReturnProgress progress) {
        this.bookings = bookings;
        this.progress = progress;
    }

    @Override
    public void notify(DelegateExecution execution) {
        String returnId = (String) execution.getVariable("returnId");
        String booking = bookings.latest(returnId, PickupBookings.Purpose.HOME_PICKUP)
                .map(b -> " (attempt " + b.attempt() + ", order " + b.orderCode() + ")").orElse("");
        progress.note(returnId, TIMELINE_TYPE, "The courier did not come in the booked window" + booking, "carrier");
    }
}
