package io.returnflow.returns;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The return address: where every returned parcel goes. */
@ConfigurationProperties("returnflow.warehouse")
public record WarehouseProperties(String name, String contact, String mobile, String province, String city,
                                  String district, String address, String postCode) {
}
