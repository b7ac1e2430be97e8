package io.returnflow.selfservice;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.media.Schema;

import io.returnflow.returns.ReturnRequest;

/** The body of {@code POST /api/return-links}: the order, as for a return, and how long the link opens the page. */
@Schema(description = "The order a buyer may return from, as the storefront knows it.")
record ReturnLinkRequest(
        @Schema(description = "The storefront's order id.", example = "SO-10001")
        @NotBlank @Size(max = 64) String orderId,
        @Schema(description = "When the order was placed.", example = "2026-11-20T10:00:00+08:00")
        OffsetDateTime orderedAt,
        @Schema(description = "When the order reached the buyer; the return window counts from here.",
                example = "2026-11-22T15:00:00+08:00")
        @NotNull OffsetDateTime deliveredAt,
        @Schema(description = "The buyer; `language` (`zh-CN` or `en`) is the page's first language.")
        @NotNull @Valid ReturnRequest.Customer customer,
        @NotNull @Valid ReturnRequest.Payment payment,
        @Schema(description = "The order's lines: the buyer chooses among them, and how many of each, and how each "
                + "is settled.")
        @NotEmpty @Size(max = 100) List<@NotNull @Valid Line> items,
        @Schema(description = "Optional: where the order was delivered; the page offers it for a home pickup.")
        @Valid ReturnRequest.Address shippingAddress,
        @Schema(description = "Optional: how long the link opens the page, ISO-8601 (`P14D`, `PT72H`); the "
                + "configured default (14 days) when left out, at most 60 days.", types = "string",
                example = "P14D")
        Duration expiresIn) {

    /** The most exchange options a line may carry: a page offers a short list, not a catalogue. */
    static final int MAX_EXCHANGE_OPTIONS = 20;

    /**
     * An order line as the link keeps it: the fields of a returned line and the variants the shop can send instead.
     *
     * @param exchangeOptions what the buyer may choose for an exchange; empty when the shop offers none
     */
    @Schema(name = "ReturnLinkLine", description = "An order line, and what the shop can send in exchange for it.")
    record Line(
            @Schema(description = "The order line's id.", example = "L1") @NotBlank @Size(max = 64) String lineId,
            @Schema(example = "SKU-1") @NotBlank @Size(max = 64) String sku,
            @Schema(example = "T 恤") @NotBlank @Size(max = 256) String name,
            @Schema(description = "The item's category, as the return policy knows it.", example = "apparel")
            @NotBlank @Size(max = 64) String category,
            @Schema(example = "1") @Min(1) @Max(9999) int quantity,
            @Schema(description = "The price of one, a decimal string.", types = "string",
                    pattern = "^[0-9]{1,12}(\\.[0-9]{1,2})?$", example = "99.00")
            @NotNull @DecimalMin("0.00") @Digits(integer = 12, fraction = 2) BigDecimal unitPrice,
            @Schema(description = "Optional: the variants (another size, colour, or another product) the shop can "
                    + "send if the buyer exchanges the line, at most 20, each another sku at most the line's unit "
                    + "price. Offered on the page only where the table `return-resolutions` allows `EXCHANGE`.")
            @Size(max = MAX_EXCHANGE_OPTIONS) List<@NotNull @Valid ExchangeOption> exchangeOptions) {

        Line {
            exchangeOptions = exchangeOptions == null ? List.of() : List.copyOf(exchangeOptions);
        }

        /** The line as a return of it is asked: refunded unless the buyer chose otherwise. */
        ReturnRequest.Item item() {
            return new ReturnRequest.Item(lineId, sku, name, category, quantity, unitPrice);
        }

        /** The exchange option of this sku, if the shop offers it. */
        Optional<ExchangeOption> option(String optionSku) {
            return exchangeOptions.stream().filter(o -> o.sku().equals(optionSku)).findFirst();
        }
    }

    /** A variant the shop can send in exchange; the buyer names it by sku, its name and price come from here. */
    @Schema(name = "ReturnLinkExchangeOption", description = "A variant the shop can send in exchange.")
    record ExchangeOption(
            @Schema(example = "SKU-1-L") @NotBlank @Size(max = 64) String sku,
            @Schema(example = "T 恤 L") @NotBlank @Size(max = 256) String name,
            @Schema(description = "The price of one, a decimal string; at most the line's unit price.",
                    types = "string", pattern = "^[0-9]{1,12}(\\.[0-9]{1,2})?$", example = "99.00")
            @NotNull @DecimalMin("0.00") @Digits(integer = 12, fraction = 2) BigDecimal unitPrice) {

        ReturnRequest.ExchangeTarget target() {
            return new ReturnRequest.ExchangeTarget(sku, name, unitPrice);
        }
    }
}
