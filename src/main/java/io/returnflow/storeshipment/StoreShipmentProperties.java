package io.returnflow.storeshipment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How stores' consolidated shipments (批量寄件) behave ({@code returnflow.store-shipments}). When a
 * shipment leaves is each store's own rule (its consolidation parcels and schedule, in {@code stores}).
 *
 * @param lostAfter how long after booking a shipment may take to be signed for at the warehouse before
 *                  its returns are handed to the lost-parcel path
 */
@ConfigurationProperties("returnflow.store-shipments")
record StoreShipmentProperties(Duration lostAfter) {

    public StoreShipmentProperties {
        if (lostAfter == null || lostAfter.isNegative() || lostAfter.isZero()) {
            throw new IllegalArgumentException("returnflow.store-shipments.lost-after must be a positive duration");
        }
    }
}
