package io.returnflow.storeshipment;

/** Where a store's consolidated shipment stands. */
enum ShipmentStatus {
    /** Parcels checked in at the store join it. */
    OPEN,
    /** The store's consolidation rule fired: no more parcels join; the courier is being booked. */
    CLOSED,
    /** A courier is booked to collect it at the store. */
    BOOKED,
    /** Signed for at the warehouse: its returns were received. */
    SIGNED,
    /** Not signed for in time: its returns went to the lost-parcel path. */
    LOST
}
