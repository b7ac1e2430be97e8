package io.returnflow.dropoff;

/** A store that takes drop-off returns. */
public record Store(String id, String name, String province, String city, String district, String address,
                    String postCode, String phone, String openingHours) {
}
