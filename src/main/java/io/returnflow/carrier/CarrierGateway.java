package io.returnflow.carrier;

/**
 * The carrier network as the journey sees it: book a courier, cancel a booking.
 *
 * <p>Implementations translate to one provider's protocol at the edge. Every call is idempotent on
 * {@link PickupRequest#orderCode()}: a retried job that books the same order code again gets the
 * first booking back, never a second courier.
 *
 * <p>Technical failures (timeouts, 5xx, connection errors) are thrown as
 * {@link CarrierUnavailableException} so the job retries; a refusal by the carrier is a
 * {@link CarrierRejectedException}, a business outcome.
 */
public interface CarrierGateway {

    /** Books a pickup; repeated for the same order code it answers the existing booking. */
    PickupBooking bookPickup(PickupRequest request);

    /** Cancels a pickup booking; only possible before the courier collected the parcel. */
    PickupCancellation cancelPickup(String orderCode, String carrier);
}
