package io.returnflow.storeshipment;

import java.time.OffsetDateTime;

import io.returnflow.carrier.TrackingState;

/**
 * One consolidated shipment (批量寄件) of a store's checked-in parcels to the warehouse.
 *
 * @param orderCode our carrier order code, assigned when the shipment opens and never reused
 * @param waybill   {@code null} until the carrier names it (often only at collection)
 * @param parcels   how many returns ride in it
 * @param collectedAt when the carrier reported holding it; {@code null} while it has not (or took it back)
 */
record StoreShipment(String id, String storeId, ShipmentStatus status, String orderCode, String carrier,
                            String waybill, TrackingState trackingState, OffsetDateTime windowStart,
                            OffsetDateTime windowEnd, OffsetDateTime openedAt, OffsetDateTime closedAt,
                            OffsetDateTime bookedAt, OffsetDateTime signedAt, OffsetDateTime lostAt,
                            String processInstanceId, int parcels, OffsetDateTime collectedAt) {
}
