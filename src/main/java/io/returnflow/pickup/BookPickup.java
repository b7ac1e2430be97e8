package io.returnflow.pickup;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.pickup.PickupBookings.Booking;
import io.returnflow.returns.JourneyTimings;

/**
 * BPMN "Book pickup" (asyncBefore, retried): books the courier for the buyer's window. Sets
 * {@value #VAR_PICKUP_DEADLINE} (when the courier counts as a no-show) and
 * {@value #VAR_PICKUP_ATTEMPTS_LEFT} (whether the system may book again after a no-show).
 */
@Component("bookPickup")
class BookPickup implements JavaDelegate {

    /** {@link java.util.Date}: the no-show timer {@code Event_CourierDidNotCome} fires then. */
    public static final String VAR_PICKUP_DEADLINE = "pickupDeadline";
    /** Boolean: read by {@code Gateway_AttemptsLeft}. */
    public static final String VAR_PICKUP_ATTEMPTS_LEFT = "pickupAttemptsLeft";

    private final PickupService pickups;
    private final JourneyTimings timings;

    public BookPickup(PickupService pickups, JourneyTimings timings) {
        this.pickups = pickups;
        this.timings = timings;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Booking booking = pickups.book((String) execution.getVariable("returnId"));
        awaitCollection(execution, booking, timings);
    }

    /** Starts the no-show clock for a booking. */
    static void awaitCollection(DelegateExecution execution, Booking booking, JourneyTimings timings) {
        execution.setVariable(VAR_PICKUP_DEADLINE, timings.pickupDeadline(booking.windowEnd()));
        execution.setVariable(VAR_PICKUP_ATTEMPTS_LEFT, timings.attemptsLeftAfter(booking.attempt()));
    }
}
