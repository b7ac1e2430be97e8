package io.returnflow.returns;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Date;

import org.springframework.stereotype.Component;

/**
 * The journey's timers and due dates from configuration ({@link JourneyProperties}), for the BPMN's
 * expressions and the delegates that set timer variables. Durations are ISO-8601 strings
 * ({@code PT40S}, {@code P5D}), moments are {@link Date}s: the two forms a Camunda timer or due date takes.
 *
 * <pre>
 * ${journeyTimings.lostInTransitAfter()}     timer duration
 * ${journeyTimings.slaDue('failedPickup')}   a task's due date: failedPickup, missingParcel, inspection, refundFailure,
 *                                            riskReview
 * </pre>
 */
@Component("journeyTimings")
public class JourneyTimings {

    private final JourneyProperties properties;
    private final Clock clock;

    public JourneyTimings(JourneyProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** How long after hand-over the warehouse's signature may take, as an ISO-8601 duration. */
    public String lostInTransitAfter() {
        return properties.lostInTransitAfter().toString();
    }

    /** The moment a parcel handed over now counts as overdue. */
    public Date lostDeadline() {
        return lostDeadline(ReturnMethod.HOME_PICKUP);
    }

    /**
     * The moment a parcel handed over now counts as overdue: a parcel checked in at a store first waits
     * there for the store's consolidated shipment, so it is given longer.
     */
    public Date lostDeadline(ReturnMethod method) {
        Duration allowed = method == ReturnMethod.STORE_DROPOFF ? properties.storeParcelLostAfter()
                : properties.lostInTransitAfter();
        return Date.from(now().plus(allowed).toInstant());
    }

    /**
     * A task's due date: now plus the service level of its kind.
     *
     * @param kind {@code failedPickup}, {@code missingParcel}, {@code inspection} or {@code refundFailure}
     */
    public Date slaDue(String kind) {
        return Date.from(now().plus(sla(kind)).toInstant());
    }

    /** The service level of a kind of task. */
    public Duration sla(String kind) {
        JourneyProperties.Sla sla = properties.sla();
        return switch (kind == null ? "" : kind) {
            case "failedPickup" -> sla.failedPickup();
            case "missingParcel" -> sla.missingParcel();
            case "inspection" -> sla.inspection();
            case "refundFailure" -> sla.refundFailure();
            case "riskReview" -> sla.riskReview();
            default -> throw new IllegalArgumentException("No service level '" + kind
                    + "'; known: failedPickup, missingParcel, inspection, refundFailure, riskReview");
        };
    }

    /**
     * When a courier booked now for this window counts as a no-show: the window's end plus the grace
     * period, or (sandbox) the booking time plus {@code no-show-after}.
     */
    public Date pickupDeadline(OffsetDateTime windowEnd) {
        OffsetDateTime deadline = switch (properties.noShowMeasuredFrom()) {
            case WINDOW_END -> windowEnd.plus(properties.noShowGrace());
            case BOOKING -> now().plus(properties.noShowAfter());
        };
        return Date.from(deadline.toInstant());
    }

    /**
     * When a courier who (the carrier says) already has the parcel must have been reported collected:
     * now plus the grace period, or (sandbox) plus {@code no-show-after}.
     */
    public Date collectionReportDeadline() {
        Duration wait = switch (properties.noShowMeasuredFrom()) {
            case WINDOW_END -> properties.noShowGrace();
            case BOOKING -> properties.noShowAfter();
        };
        return Date.from(now().plus(wait).toInstant());
    }

    /** Whether the system may book another courier after this attempt misses. */
    public boolean attemptsLeftAfter(int attempt) {
        return attempt < properties.maxPickupAttempts();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
