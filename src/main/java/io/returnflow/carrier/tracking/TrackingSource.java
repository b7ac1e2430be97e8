package io.returnflow.carrier.tracking;

import java.util.Optional;

import io.returnflow.carrier.CarrierRejectedException;
import io.returnflow.carrier.CarrierUnavailableException;
import io.returnflow.carrier.inbox.NewInboxEntry;

/**
 * Where tracking comes from: a carrier that pushes the tracking of the waybills subscribed to, and
 * answers a query for one. Implemented by the carrier adapter.
 */
public interface TrackingSource {

    /**
     * Subscribes to the waybill's tracking; the carrier then pushes it. Idempotent on the carrier's side:
     * a retry sends the same request.
     *
     * @throws CarrierUnavailableException when the carrier cannot be reached (try again later)
     * @throws CarrierRejectedException    when the carrier refuses the subscription
     */
    void subscribe(TrackingSubscription subscription);

    /**
     * The carrier's current tracking of the waybill, as the inbox entry a push of it would have made;
     * empty when the carrier knows nothing of it yet.
     *
     * @throws CarrierUnavailableException when the carrier cannot be reached
     * @throws CarrierRejectedException    when the carrier refuses the query
     */
    Optional<NewInboxEntry> query(TrackingSubscription subscription);
}
