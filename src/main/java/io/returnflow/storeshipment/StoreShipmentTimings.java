package io.returnflow.storeshipment;

import org.springframework.stereotype.Component;

/**
 * The store-shipment process's timers from configuration ({@link StoreShipmentProperties}), as the
 * ISO-8601 durations a Camunda timer takes. (The collection time is the store's own schedule, a cron
 * expression the process reads from its variable {@code consolidationSchedule}.)
 *
 * <pre>
 * ${storeShipmentTimings.lostAfter()}   timer duration after booking
 * </pre>
 */
@Component("storeShipmentTimings")
public class StoreShipmentTimings {

    private final StoreShipmentProperties properties;

    public StoreShipmentTimings(StoreShipmentProperties properties) {
        this.properties = properties;
    }

    /** How long a booked shipment may take to be signed for, as an ISO-8601 duration. */
    public String lostAfter() {
        return properties.lostAfter().toString();
    }
}
