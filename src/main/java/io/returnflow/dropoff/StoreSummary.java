package io.returnflow.dropoff;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A store as buyers and clerks see it: where it is and when it is open, nothing of its carrier
 * contract or consolidation rule.
 */
@Schema(description = "A drop-off store as buyers and clerks see it.")
record StoreSummary(String id, String name, String province, String city, String district, String address,
                           String postCode, String phone, String openingHours, boolean active) {

    public static StoreSummary of(Store s) {
        return new StoreSummary(s.id(), s.name(), s.province(), s.city(), s.district(), s.address(), s.postCode(),
                s.phone(), s.openingHours(), s.active());
    }
}
