package io.returnflow.returns;

/** How the parcel comes back. */
public enum ReturnMethod {
    /** A courier collects it at the buyer's address (上门取件). */
    HOME_PICKUP,
    /** The buyer brings it to a store (到店退货). */
    STORE_DROPOFF
}
