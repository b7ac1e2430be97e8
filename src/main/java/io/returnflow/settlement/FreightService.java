package io.returnflow.settlement;

/** What a carrier is paid for: a courier at the buyer's door, or a store's shipment to the warehouse. */
public enum FreightService {
    HOME_PICKUP,
    STORE_SHIPMENT;

    /** How the service reads in a rate rule ({@code store-shipment}). */
    String slug() {
        return name().toLowerCase().replace('_', '-');
    }
}
