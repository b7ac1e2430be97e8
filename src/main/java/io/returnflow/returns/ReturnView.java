package io.returnflow.returns;

import java.time.OffsetDateTime;
import java.util.List;

/** The return resource of API.md. Money is a decimal string with its currency. */
public record ReturnView(
        String id,
        String orderId,
        ReturnStatus status,
        boolean actionRequired,
        ReturnMethod method,
        ReturnReason reason,
        List<ItemView> items,
        FreightView freight,
        RefundView refund,
        PickupView pickup,
        DropOffView dropOff,
        List<String> rejectionReasons,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        Links links) {

    public record ItemView(String lineId, String sku, String name, String category, int quantity, String unitPrice) {
    }

    public record FreightView(String amount, String currency, String payer, String rule) {
    }

    /**
     * @param status               {@code NOT_DUE}, {@code PENDING}, {@code SUCCEEDED} or {@code FAILED}; a refund
     *                             made through another channel is {@code SUCCEEDED} with {@code external}
     * @param itemsTotal           the items' value; after an inspection, the accepted items' value
     * @param inspectionDeductions what the inspector kept back from the accepted items; null when not inspected
     * @param providerRefundId     the payment provider's refund id; null for a refund made elsewhere
     * @param refundedAt           when the money went back (the provider's success, or when a refund made
     *                             elsewhere was recorded)
     * @param external             true when customer service or operations recorded the refund as made through
     *                             another channel (the provider had refused it)
     * @param reference            that channel's reference (a bank transfer, a voucher); null otherwise
     */
    public record RefundView(String status, String due, String itemsTotal, String inspectionDeductions,
                             String freightDeducted, String restockingFee, String amount, String currency,
                             String providerRefundId, OffsetDateTime refundedAt, boolean external,
                             String reference) {
    }

    /**
     * @param carrierOrderRef the carrier's own reference of the booking (Kdniao's KDNOrderCode), when it gave one
     * @param courier         the courier the carrier sent and the code the buyer gives them at the door, once known
     */
    public record PickupView(String carrier, String orderCode, String waybill, Integer attempt, WindowView window,
                             String trackingState, String carrierOrderRef, CourierView courier) {
    }

    /** The courier who comes for the parcel: name, phone, and the pickup code to give them (取件码). */
    public record CourierView(String name, String phone, String pickupCode) {
    }

    public record WindowView(OffsetDateTime start, OffsetDateTime end) {
    }

    public record DropOffView(String storeId, String code, OffsetDateTime expiresAt, OffsetDateTime checkedInAt,
                              String shipmentId, String qr) {
    }

    public record Links(String self, String timeline) {
    }
}
