package io.returnflow.dropoff;

import java.util.List;
import io.swagger.v3.oas.annotations.media.Schema;

/** A store as operations manage it: everything, with the clerks bound to it. */
@Schema(description = "A store as operations manage it, with the clerks bound to it.")
record StoreDetails(String id, String name, String province, String city, String district, String address,
                           String postCode, String phone, String openingHours, String carrierAccount,
                           int consolidationParcels, String consolidationSchedule, boolean active,
                           List<String> clerks) {

    public static StoreDetails of(Store s, List<String> clerks) {
        return new StoreDetails(s.id(), s.name(), s.province(), s.city(), s.district(), s.address(), s.postCode(),
                s.phone(), s.openingHours(), s.carrierAccount(), s.consolidationParcels(), s.consolidationSchedule(),
                s.active(), List.copyOf(clerks));
    }
}
