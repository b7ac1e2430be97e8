package io.returnflow.returns;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The return as stored in its own tables: the buyer's request, the decisions taken on it and where
 * it stands. The process instance carries only its id.
 */
public record CustomerReturn(
        String id,
        String orderId,
        ReturnStatus status,
        boolean actionRequired,
        ReturnMethod method,
        ReturnReason reason,
        Customer customer,
        OffsetDateTime orderedAt,
        OffsetDateTime deliveredAt,
        Payment payment,
        PickupAddress pickupAddress,
        OffsetDateTime pickupWindowStart,
        OffsetDateTime pickupWindowEnd,
        String dropOffStoreId,
        Freight freight,
        RefundPlan refundPlan,
        List<String> rejectionReasons,
        String processInstanceId,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        List<ReturnItem> items) {

    /** @param language the buyer's language for messages ({@code zh-CN} or {@code en}); null when not given */
    public record Customer(String id, String name, String phone, String email, String tier, String language) {

        public Customer(String id, String name, String phone, String email, String tier) {
            this(id, name, phone, email, tier, null);
        }
    }

    public record Payment(String provider, String chargeId, String currency, BigDecimal amountPaid) {
    }

    public record PickupAddress(String province, String city, String district, String line, String postCode) {
    }

    /** Return freight, who bears it and the rule that decided. */
    public record Freight(BigDecimal amount, String currency, FreightPayer payer, String rule) {
    }

    /** What the refund will be, decided when the return was accepted. */
    public record RefundPlan(String due, BigDecimal itemsTotal, BigDecimal freightDeducted, BigDecimal restockingFee,
                             BigDecimal amount) {
    }

    /** What the refund plan says to pay back ({@code amount}), to which charge and in which currency. */
    public record RefundTerms(String chargeId, String currency, BigDecimal amount) {
    }

    public enum FreightPayer { MERCHANT, BUYER }

    public CustomerReturn withItems(List<ReturnItem> newItems) {
        return new CustomerReturn(id, orderId, status, actionRequired, method, reason, customer, orderedAt,
                deliveredAt, payment, pickupAddress, pickupWindowStart, pickupWindowEnd, dropOffStoreId, freight,
                refundPlan, rejectionReasons, processInstanceId, createdAt, updatedAt, List.copyOf(newItems));
    }
}
