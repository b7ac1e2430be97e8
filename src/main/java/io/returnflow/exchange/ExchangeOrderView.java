package io.returnflow.exchange;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** A return's exchange order as the API shows it (the outcome API's answer, the return's {@code exchange}). */
@Schema(name = "ExchangeOrder", description = "The replacement items a return exchanges, ordered from the shop.")
public record ExchangeOrderView(
        @Schema(description = "Our id, the shop's idempotency key.", example = "EX-R-8F3K2Q",
                requiredMode = Schema.RequiredMode.REQUIRED) String id,
        @Schema(description = "`PLACING`, `PENDING`, `CONFIRMED`, `OUT_OF_STOCK` or `REFUSED`.", example = "CONFIRMED",
                requiredMode = Schema.RequiredMode.REQUIRED) String status,
        @Schema(description = "Shipped before the returned items arrive (instant exchange).",
                requiredMode = Schema.RequiredMode.REQUIRED) boolean instant,
        @Schema(description = "The shop's order id, once it gave one.", example = "SHOP-1001") String shopOrderId,
        @Schema(description = "Out of stock: the skus; refused: the shop's code and words.") String reason,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<LineView> lines) {

    public static ExchangeOrderView of(ExchangeOrder order) {
        return new ExchangeOrderView(order.id(), order.status().name(), order.instant(), order.shopOrderId(),
                order.reason(), order.lines().stream()
                .map(l -> new LineView(l.lineId(), l.sku(), l.name(), l.quantity(), l.unitPrice().toPlainString()))
                .toList());
    }

    @Schema(name = "ExchangeLine", description = "A replacement item for a returned line.")
    public record LineView(@Schema(example = "L1") String lineId, @Schema(example = "SKU-1-BLUE-M") String sku,
                           @Schema(example = "T 恤 蓝 M") String name, @Schema(example = "1") int quantity,
                           @Schema(description = "A decimal string.", example = "99.00") String unitPrice) {
    }
}
