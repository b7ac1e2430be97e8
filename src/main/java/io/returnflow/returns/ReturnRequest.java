package io.returnflow.returns;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code POST /api/returns} and {@code POST /api/return-quotes} (API.md). */
@Schema(description = "A buyer's return request: the order, who, how they paid, what comes back, why, and how.")
public record ReturnRequest(
        @Schema(description = "The storefront's order id.", example = "SO-10001")
        @NotBlank @Size(max = 64) String orderId,
        @Schema(description = "When the order was placed.", example = "2026-11-20T10:00:00+08:00")
        OffsetDateTime orderedAt,
        @Schema(description = "When the order reached the buyer; the return window counts from here.",
                example = "2026-11-22T15:00:00+08:00")
        @NotNull OffsetDateTime deliveredAt,
        @NotNull @Valid Customer customer,
        @NotNull @Valid Payment payment,
        @Schema(description = "The order lines returned; each line at most once per open return.")
        @NotEmpty @Size(max = 100) List<@NotNull @Valid Item> items,
        @Schema(description = "Why the buyer returns the items; with the customer's tier and the days since "
                + "delivery, it decides eligibility, who pays the freight and when the refund is paid.")
        @NotNull ReturnReason reason,
        @Schema(description = "How the parcel comes back: `HOME_PICKUP` needs `pickup`, `STORE_DROPOFF` needs "
                + "`dropOff`.")
        @NotNull ReturnMethod method,
        @Schema(description = "For `HOME_PICKUP`: where and when the courier collects.")
        @Valid Pickup pickup,
        @Schema(description = "For `STORE_DROPOFF`: the store the buyer brings the parcel to.")
        @Valid DropOff dropOff,
        @Schema(description = "The buyer asks to get the replacement of an exchanged line before the returned item "
                + "is received (the risk assessment decides whether it is granted); only with an `EXCHANGE` line. "
                + "`false` when left out.", example = "false")
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean instantExchange) {

    /** A request as before lines could be resolved otherwise than refunded. */
    public ReturnRequest(String orderId, OffsetDateTime orderedAt, OffsetDateTime deliveredAt, Customer customer,
                         Payment payment, List<Item> items, ReturnReason reason, ReturnMethod method, Pickup pickup,
                         DropOff dropOff) {
        this(orderId, orderedAt, deliveredAt, customer, payment, items, reason, method, pickup, dropOff, null);
    }

    /** Whether the buyer asked for the replacement first ({@code instantExchange}, false when left out). */
    public boolean instantExchangeRequested() {
        return Boolean.TRUE.equals(instantExchange);
    }

    @Schema(description = "The buyer.")
    public record Customer(
            @Schema(description = "The storefront's customer id.", example = "C-1")
            @NotBlank @Size(max = 64) String id,
            @Schema(example = "张三") @NotBlank @Size(max = 128) String name,
            @Schema(example = "13800000000")
            @Pattern(regexp = "\\+?(?=(?:[ -]*[0-9]){5})[0-9 -]{5,20}", message = "must be a phone number")
            String phone,
            @Schema(example = "zs@example.com") @Email @Size(max = 254) String email,
            @Schema(description = "The buyer's tier, as the return policy knows it (e.g. `STANDARD`, `VIP`); "
                    + "`STANDARD` when left out.", example = "STANDARD")
            @Size(max = 32) String tier,
            @Schema(description = "The buyer's language for the messages sent to the buyer: `zh-CN` or `en`; the "
                    + "merchant's default language when left out.", example = "zh-CN")
            @Pattern(regexp = "zh-CN|en", message = "must be zh-CN or en") String language) {
    }

    @Schema(description = "How the order was paid: the refund goes back to this charge. The order's first return "
            + "fixes it; a later return, quote or return link of the order stating another payment is 409 "
            + "`order-payment-differs`.")
    public record Payment(
            @Schema(description = "The payment provider.", example = "sandbox")
            @NotBlank @Size(max = 32) String provider,
            @Schema(description = "The provider's charge id. Sandbox: `ch_refund_fails` (the refund is refused), "
                    + "`ch_refund_flaky` (fails twice with 503, then succeeds), `ch_refund_pending` (pending, then "
                    + "succeeds); any other `ch_…` is refunded at once.", example = "ch_123",
                    examples = {"ch_123", "ch_refund_fails", "ch_refund_flaky", "ch_refund_pending"})
            @NotBlank @Size(max = 128) String chargeId,
            @Schema(description = "ISO 4217; the store's refund currency.", example = "CNY")
            @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as CNY") String currency,
            @Schema(description = "What the buyer paid for the order, a decimal string: a whole number of the "
                    + "currency's minor units (no fraction for JPY), as every amount of the request; the refund and "
                    + "store credit of all the order's returns never exceed it.", types = "string",
                    pattern = "^[0-9]{1,12}(\\.[0-9]{1,2})?$", example = "199.00")
            @NotNull @DecimalMin("0.00") @Digits(integer = 12, fraction = 2) BigDecimal amountPaid) {
    }

    @Schema(name = "ReturnRequestItem", description = "An order line returned.")
    public record Item(
            @Schema(description = "The order line's id.", example = "L1")
            @NotBlank @Size(max = 64) String lineId,
            @Schema(example = "SKU-1") @NotBlank @Size(max = 64) String sku,
            @Schema(example = "T 恤") @NotBlank @Size(max = 256) String name,
            @Schema(description = "The item's category, as the return policy knows it (e.g. `food`, `underwear`, "
                    + "`digital` and `customised` are not returnable).", example = "apparel")
            @NotBlank @Size(max = 64) String category,
            @Schema(example = "1") @Min(1) @Max(9999) int quantity,
            @Schema(description = "The price of one, a decimal string.", types = "string",
                    pattern = "^[0-9]{1,12}(\\.[0-9]{1,2})?$", example = "99.00")
            @NotNull @DecimalMin("0.00") @Digits(integer = 12, fraction = 2) BigDecimal unitPrice,
            @Schema(description = "How the line is settled: `REFUND` (to the original payment), `STORE_CREDIT` (with "
                    + "the bonus the policy sets) or `EXCHANGE` (needs `exchangeFor`); the resolutions a line may "
                    + "have are the analysts' table `return-resolutions` (the quote lists them). `REFUND` when left "
                    + "out.", example = "REFUND")
            @JsonInclude(JsonInclude.Include.NON_NULL) Resolution resolution,
            @Schema(description = "For `EXCHANGE` (and only then): the replacement, another sku, at most the line's "
                    + "unit price (a dearer item is a new order).")
            @JsonInclude(JsonInclude.Include.NON_NULL) @Valid ExchangeTarget exchangeFor) {

        /** A line refunded, as every line was before lines could be resolved otherwise. */
        public Item(String lineId, String sku, String name, String category, int quantity, BigDecimal unitPrice) {
            this(lineId, sku, name, category, quantity, unitPrice, null, null);
        }

        /** The resolution asked, {@link Resolution#REFUND} when left out. */
        public Resolution resolutionOrDefault() {
            return resolution == null ? Resolution.REFUND : resolution;
        }
    }

    @Schema(description = "The replacement of an exchanged line.")
    public record ExchangeTarget(
            @Schema(example = "SKU-1-L") @NotBlank @Size(max = 64) String sku,
            @Schema(example = "T 恤 L") @NotBlank @Size(max = 256) String name,
            @Schema(description = "The price of one, a decimal string; at most the returned line's unit price.",
                    types = "string", pattern = "^[0-9]{1,12}(\\.[0-9]{1,2})?$", example = "99.00")
            @NotNull @DecimalMin("0.00") @Digits(integer = 12, fraction = 2) BigDecimal unitPrice) {
    }

    @Schema(description = "Where and when the courier collects the parcel.")
    public record Pickup(@NotNull @Valid Address address, @NotNull @Valid Window window) {
    }

    @Schema(description = "The pickup address.")
    public record Address(
            @Schema(example = "上海市") @NotBlank @Size(max = 64) String province,
            @Schema(example = "上海市") @NotBlank @Size(max = 64) String city,
            @Schema(example = "徐汇区") @Size(max = 64) String district,
            @Schema(description = "Street, building, room. Sandbox: containing `sandbox:no-show` (the courier misses "
                    + "the first window), `sandbox:no-show-always` (never comes), `sandbox:lost` (the parcel never "
                    + "arrives), `sandbox:carrier-cancels` (the carrier cancels the first booking), "
                    + "`sandbox:waybill-change` (the carrier changes the waybill) or `sandbox:returned` (the parcel "
                    + "goes back to the buyer) chooses the courier's scenario.",
                    example = "漕溪北路 88 号 1201 室",
                    examples = {"漕溪北路 88 号 1201 室", "漕溪北路 88 号 1201 室 sandbox:no-show"})
            @NotBlank @Size(max = 256) String line,
            @Schema(example = "200030") @Size(max = 16) String postCode) {
    }

    @Schema(name = "PickupWindow", description = "A bookable window, as `GET /api/pickup-windows` offers them.")
    public record Window(@Schema(example = "2026-11-27T10:00:00+08:00") @NotNull OffsetDateTime start,
                         @Schema(example = "2026-11-27T12:00:00+08:00") @NotNull OffsetDateTime end) {
    }

    @Schema(description = "The drop-off store.")
    public record DropOff(@Schema(description = "A store of `GET /api/stores`. Sandbox: `S-LOST` (the store's "
            + "shipment never arrives at the warehouse).", example = "S-SH-001", examples = {"S-SH-001", "S-LOST"})
                          @NotBlank @Size(max = 32) String storeId) {
    }
}
