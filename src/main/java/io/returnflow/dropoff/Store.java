package io.returnflow.dropoff;

/**
 * A store that takes drop-off returns, and how its parcels travel on to the warehouse.
 *
 * @param carrierAccount        the carrier contract account the store's shipments are booked on; {@code null}
 *                              books on the merchant's default account
 * @param consolidationParcels  a consolidated shipment (批量寄件) is booked as soon as this many checked-in
 *                              parcels wait at the store (at least 1)
 * @param consolidationSchedule when waiting parcels leave anyway: a cron expression as Camunda's timers read
 *                              it (six fields, seconds first, e.g. {@code 0 0 18 * * ?})
 * @param active                an inactive store is offered to no buyer and takes no new return; codes
 *                              already issued for it can still be checked in there until they expire
 */
public record Store(String id, String name, String province, String city, String district, String address,
                    String postCode, String phone, String openingHours, String carrierAccount,
                    int consolidationParcels, String consolidationSchedule, boolean active) {

    /** The consolidation rule a store gets when none is given: the column defaults of V9. */
    public static final int DEFAULT_CONSOLIDATION_PARCELS = 10;
    public static final String DEFAULT_CONSOLIDATION_SCHEDULE = "0 0 18 * * ?";

    /** An active store with the default consolidation rule and the merchant's carrier account. */
    public Store(String id, String name, String province, String city, String district, String address,
                 String postCode, String phone, String openingHours) {
        this(id, name, province, city, district, address, postCode, phone, openingHours, null,
                DEFAULT_CONSOLIDATION_PARCELS, DEFAULT_CONSOLIDATION_SCHEDULE, true);
    }
}
