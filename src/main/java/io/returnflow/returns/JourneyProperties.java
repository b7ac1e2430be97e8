package io.returnflow.returns;

import java.time.Duration;
import java.util.Objects;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The journey's timers, limits and the inspection policy ({@code returnflow.journey.*}). The local run
 * measures them in seconds so that every branch shows within a minute; production in hours and days.
 *
 * @param noShowMeasuredFrom when the courier counts as a no-show: {@code WINDOW_END} (production: the
 *                           booked window's end plus {@code noShowGrace}) or {@code BOOKING} (the sandbox:
 *                           the booking time plus {@code noShowAfter}, because sandbox windows lie in the
 *                           coming days while its courier comes within seconds)
 * @param noShowGrace        how long after the window's end the courier may still come ({@code WINDOW_END})
 * @param noShowAfter        how long after the booking the courier may come ({@code BOOKING})
 * @param maxPickupAttempts  bookings made by the system before customer service takes over
 * @param lostInTransitAfter how long after hand-over the warehouse's signature may take before customer
 *                           service looks for the parcel
 * @param storeParcelLostAfter the same for a parcel checked in at a store, which first waits there for the
 *                           store's consolidated shipment (whose own lost timer usually speaks first)
 * @param offeredWindows     how many bookable windows a rebooking task offers
 * @param sla                how long people have for each task (its due date)
 *
 * <p>Which parcels an inspector sees is the analysts' decision table
 * {@code processes/inspection-routing.dmn}, not configuration.
 */
@ConfigurationProperties("returnflow.journey")
public record JourneyProperties(NoShowMeasuredFrom noShowMeasuredFrom, Duration noShowGrace, Duration noShowAfter,
                                int maxPickupAttempts, Duration lostInTransitAfter, Duration storeParcelLostAfter,
                                int offeredWindows, Sla sla) {

    public JourneyProperties {
        Objects.requireNonNull(noShowMeasuredFrom, "returnflow.journey.no-show-measured-from");
        Objects.requireNonNull(noShowGrace, "returnflow.journey.no-show-grace");
        Objects.requireNonNull(noShowAfter, "returnflow.journey.no-show-after");
        Objects.requireNonNull(lostInTransitAfter, "returnflow.journey.lost-in-transit-after");
        Objects.requireNonNull(storeParcelLostAfter, "returnflow.journey.store-parcel-lost-after");
        Objects.requireNonNull(sla, "returnflow.journey.sla");
        if (maxPickupAttempts < 1) {
            throw new IllegalArgumentException("returnflow.journey.max-pickup-attempts must be at least 1");
        }
        if (offeredWindows < 1) {
            throw new IllegalArgumentException("returnflow.journey.offered-windows must be at least 1");
        }
    }

    /** From when the no-show timer runs. */
    public enum NoShowMeasuredFrom { WINDOW_END, BOOKING }

    /** Due dates of the people's tasks, from the moment a task opens. */
    public record Sla(Duration failedPickup, Duration missingParcel, Duration inspection, Duration refundFailure,
                      Duration riskReview) {

        public Sla {
            Objects.requireNonNull(failedPickup, "returnflow.journey.sla.failed-pickup");
            Objects.requireNonNull(missingParcel, "returnflow.journey.sla.missing-parcel");
            Objects.requireNonNull(inspection, "returnflow.journey.sla.inspection");
            Objects.requireNonNull(refundFailure, "returnflow.journey.sla.refund-failure");
            Objects.requireNonNull(riskReview, "returnflow.journey.sla.risk-review");
        }
    }
}
