package io.returnflow.journey;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import io.swagger.v3.oas.annotations.media.Schema;

import io.returnflow.exchange.ExchangeOrderView;

import io.returnflow.returns.ReturnItem;
import io.returnflow.returns.ReturnMethod;
import io.returnflow.returns.ReturnReason;
import io.returnflow.returns.ReturnStatus;

/** The return resource of API.md. Money is a decimal string with its currency. */
@Schema(name = "Return", description = "A return as it stands. Money is a decimal string with its currency.")
public record ReturnView(
        @Schema(description = "The return's id.", example = "R-8F3K2Q", requiredMode = Schema.RequiredMode.REQUIRED) String id,
        @Schema(example = "SO-10001", requiredMode = Schema.RequiredMode.REQUIRED) String orderId,
        @Schema(description = "`REQUESTED → AWAITING_PICKUP | AWAITING_DROP_OFF → IN_TRANSIT → RECEIVED → "
                + "INSPECTING → COMPLETED`, or the ends `REJECTED`, `CANCELLED`, `EXPIRED`.", requiredMode = Schema.RequiredMode.REQUIRED)
        ReturnStatus status,
        @Schema(description = "A person (customer service, the warehouse, operations) must act before the journey "
                + "goes on.") boolean actionRequired,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) ReturnMethod method,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) ReturnReason reason,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<ItemView> items,
        @Schema(description = "The freight and who pays it, as the freight-payer table decided.") FreightView freight,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) RefundView refund,
        @Schema(description = "What the return pays back, part by part, as its lines are resolved now.")
        SettlementView settlement,
        @Schema(description = "For `HOME_PICKUP`: the courier booking; `null` for a drop-off.") PickupView pickup,
        @Schema(description = "For `STORE_DROPOFF`: the code and where it stands; `null` for a pickup.")
        DropOffView dropOff,
        @Schema(description = "For a `REJECTED` return: why the policy refused it; empty otherwise.")
        List<String> rejectionReasons,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime createdAt,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime updatedAt,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Links links,
        @Schema(description = "The replacements the return exchanges, ordered from the shop; `null` when it exchanges "
                + "nothing (or not yet: an exchange is ordered when the return is settled, or at request for an "
                + "instant exchange).") ExchangeOrderView exchange,
        @Schema(description = "The store credit the return gives, from its ledger; `null` when it gives none (or "
                + "none was due yet).") StoreCreditView storeCredit,
        @Schema(description = "What the risk table (`return-risk`) decided at request, which rules fired and on what "
                + "facts; `null` for a return requested before risk assessments.") RiskView risk) {

    /**
     * @param resolution     how the line is settled
     * @param exchangeFor    the replacement of an exchanged line; null otherwise
     * @param resolutionRule the rule of the table {@code return-resolutions} that allowed the resolution
     * @param disposition    what the warehouse does with the line ({@code returns.Disposition}), once recorded at
     *                       inspection or, for a line not inspected by hand, on receipt; null before
     */
    @Schema(name = "ReturnItem", description = "An order line returned.")
    public record ItemView(String lineId, String sku, String name, String category, int quantity,
                           @Schema(description = "A decimal string.", example = "99.00") String unitPrice,
                           @Schema(description = "`REFUND`, `STORE_CREDIT` or `EXCHANGE`.", example = "REFUND")
                           String resolution,
                           @Schema(description = "For `EXCHANGE`: the replacement; `null` otherwise.")
                           ReplacementView exchangeFor,
                           @Schema(description = "The rule of the table `return-resolutions` that allowed the "
                                   + "resolution; `null` for a line recorded before lines could be resolved.",
                                   example = "refund-or-credit") String resolutionRule,
                           @Schema(description = "What the warehouse does with the line, whatever the buyer got "
                                   + "for it: `RESTOCK`, `REFURBISH`, `DISPOSE` or `RETURN_TO_VENDOR`; recorded by "
                                   + "the inspector, or `RESTOCK` for a line not inspected by hand. `null` until "
                                   + "recorded.", example = "RESTOCK") String disposition) {
    }

    @Schema(name = "Replacement", description = "What an exchanged line is replaced with.")
    public record ReplacementView(@Schema(example = "SKU-1-L") String sku, @Schema(example = "T 恤 L") String name,
                                  @Schema(description = "A decimal string.", example = "99.00") String unitPrice) {
    }

    /**
     * @param refund             to the original payment (the refund's {@code amount})
     * @param storeCredit        credited to the buyer's account, counted against what the order paid
     * @param storeCreditBonus   the policy's bonus on top of the credit, recorded apart
     * @param exchangeDifference what replacements cost less than the lines they replace (in the refund or the
     *                           credit, as each line's rule routes it)
     */
    @Schema(name = "Settlement", description = "What a return pays back, part by part; decimal strings in "
            + "`currency`. Refund + store credit never exceed what the order paid, less its other returns.")
    public record SettlementView(@Schema(example = "87.00") String refund,
                                 @Schema(example = "0.00") String storeCredit,
                                 @Schema(example = "0.00") String storeCreditBonus,
                                 @Schema(example = "0.00") String exchangeDifference,
                                 @Schema(example = "CNY") String currency) {
    }

    @Schema(name = "Freight", description = "The freight of the return and who pays it.")
    public record FreightView(@Schema(description = "A decimal string.", example = "12.00") String amount,
                              @Schema(example = "CNY") String currency,
                              @Schema(description = "`MERCHANT` or `BUYER` (then deducted from the refund).",
                                      example = "MERCHANT") String payer,
                              @Schema(description = "The rule of the freight-payer table that decided.",
                                      example = "defect-free-return") String rule) {
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
    @Schema(name = "Refund", description = "The refund: when it is due, how much, where it stands. Money as decimal "
            + "strings.")
    public record RefundView(@Schema(description = "`NOT_DUE`, `PENDING`, `SUCCEEDED` or `FAILED`.",
                                     example = "NOT_DUE") String status,
                             @Schema(description = "When it is paid: `AT_DROP_OFF`, `AT_WAREHOUSE_RECEIPT` or "
                                     + "`AFTER_INSPECTION`.", example = "AT_WAREHOUSE_RECEIPT") String due,
                             String itemsTotal, String inspectionDeductions,
                             String freightDeducted, String restockingFee, String amount, String currency,
                             String providerRefundId, OffsetDateTime refundedAt, boolean external,
                             String reference) {
    }

    /**
     * @param carrierOrderRef the carrier's own reference of the booking (Kdniao's KDNOrderCode), when it gave one
     * @param courier         the courier the carrier sent and the code the buyer gives them at the door, once known
     */
    @Schema(name = "ReturnPickup", description = "The courier booking of a home pickup.")
    public record PickupView(String carrier, String orderCode, String waybill, Integer attempt, WindowView window,
                             String trackingState, String carrierOrderRef, CourierView courier) {
    }

    /** The courier who comes for the parcel: name, phone, and the pickup code to give them (取件码). */
    @Schema(name = "Courier", description = "The courier, and the pickup code to give them (取件码).")
    public record CourierView(String name, String phone, String pickupCode) {
    }

    @Schema(name = "BookedWindow", description = "The booked window.")
    public record WindowView(OffsetDateTime start, OffsetDateTime end) {
    }

    @Schema(name = "ReturnDropOff", description = "A drop-off: the store, the code, where it stands.")
    public record DropOffView(String storeId, String code, OffsetDateTime expiresAt, OffsetDateTime checkedInAt,
                              String shipmentId, String qr) {
    }

    /**
     * @param status           {@code INTENDED}, {@code SENT} (sent, no answer known yet), {@code ISSUED} or
     *                         {@code FAILED} (refused by the credit system)
     * @param amount           the credited value, counted against what the order paid
     * @param bonus            the bonus on top, recorded apart
     * @param providerCreditId the credit system's id; null for a credit recorded as issued by hand
     * @param issuedAt         when it was issued, or recorded as issued by hand
     */
    @Schema(name = "StoreCredit", description = "The return's store credit: value and bonus apart, as decimal "
            + "strings, and where it stands.")
    public record StoreCreditView(@Schema(description = "`INTENDED`, `SENT`, `ISSUED` or `FAILED`.",
                                          example = "ISSUED") String status,
                                  @Schema(example = "99.00") String amount, @Schema(example = "10.00") String bonus,
                                  @Schema(example = "CNY") String currency,
                                  @Schema(example = "sc_4fQ2x9LrT0aBcD7eFgHi") String providerCreditId,
                                  OffsetDateTime issuedAt) {
    }

    /**
     * @param actions   {@code HOLD_REFUND}, {@code REQUIRE_INSPECTION}, {@code CUSTOMER_SERVICE_REVIEW},
     *                  {@code REFUSE_INSTANT_EXCHANGE}, in the order their rules fired; empty: allowed
     * @param facts     what the table read: counts, flags, money as decimal strings, the reason and method
     * @param review    customer service's review; null when none was asked for or it is still open
     */
    @Schema(name = "ReturnRisk", description = "The risk assessment of the return: the actions, the rules that fired "
            + "(with the analysts' description of each) and the facts they read.")
    public record RiskView(@Schema(description = "Empty: allowed.", example = "[\"REQUIRE_INSPECTION\"]")
                           List<String> actions,
                           List<RiskRuleView> rules,
                           @Schema(description = "The facts the table read: the buyer's returns, returned value and "
                                   + "share of orders returned in the lookback (90 days), item values, reason, "
                                   + "method, far store, contacts shared with other buyers (counts only).")
                           Map<String, Object> facts,
                           OffsetDateTime decidedAt,
                           @Schema(description = "The version of the deployed table that decided.", example = "1")
                           int decisionVersion,
                           RiskReviewView review) {
    }

    @Schema(name = "ReturnRiskRule", description = "A rule of the risk table that fired.")
    public record RiskRuleView(@Schema(example = "valuable-item") String rule,
                               @Schema(example = "REQUIRE_INSPECTION") String action,
                               @Schema(example = "An item worth 2000 or more: an inspector looks at the parcel "
                                       + "before the refund.") String description) {
    }

    @Schema(name = "ReturnRiskReview", description = "Customer service's review of a risky return.")
    public record RiskReviewView(@Schema(description = "`APPROVE`, `REQUIRE_INSPECTION` or `REJECT`.") String decision,
                                 String note, String by, OffsetDateTime at) {
    }

    @Schema(name = "ReturnLinks", description = "Where to read more.")
    public record Links(String self, String timeline) {
    }
}
