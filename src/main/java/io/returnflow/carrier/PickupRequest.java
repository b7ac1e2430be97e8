package io.returnflow.carrier;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One pickup order: the parcel goes from {@code sender} to {@code receiver} in the given window.
 *
 * @param orderCode our order code, unique per booking attempt and never reused
 * @param returnId  the return this parcel belongs to; echoed back by the carrier in every push
 * @param remark    free text for the courier (no personal data beyond the addresses)
 * @param carrierAccount the carrier account (monthly account) that pays for this pickup, e.g. a store's;
 *                  {@code null}: the merchant's default account
 */
public record PickupRequest(
        String orderCode,
        String returnId,
        Party sender,
        Party receiver,
        List<Commodity> commodities,
        BigDecimal weightKg,
        int quantity,
        OffsetDateTime windowStart,
        OffsetDateTime windowEnd,
        String remark,
        String carrierAccount) {

    public record Party(String name, String mobile, String province, String city, String district,
                        String address, String postCode) {
    }

    public record Commodity(String name, int quantity, BigDecimal weightKg, BigDecimal price) {
    }
}
