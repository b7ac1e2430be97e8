package io.returnflow.exchange;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A return's exchange order (one per return).
 *
 * @param reason out of stock: the skus; refused: the shop's code and words
 */
public record ExchangeOrder(String id, String returnId, String orderId, String customerId, ExchangeStatus status,
                            boolean instant, String shopOrderId, String reason, OffsetDateTime placedAt,
                            OffsetDateTime answeredAt, List<Line> lines) {

    /** The longest shop order id kept ({@code exchange_orders.shop_order_id}): an id is never cut. */
    public static final int SHOP_ORDER_ID_LENGTH = 128;
    /** The longest reason kept ({@code exchange_orders.reason}): a longer one is cut with a marker. */
    public static final int REASON_LENGTH = 1000;

    /** A replacement item ordered for a returned line. */
    public record Line(String lineId, String sku, String name, int quantity, BigDecimal unitPrice) {
    }

    ExchangeOrderRequest request() {
        return new ExchangeOrderRequest(id, returnId, orderId, customerId, instant, lines.stream()
                .map(l -> new ExchangeOrderRequest.Line(l.lineId(), l.sku(), l.name(), l.quantity(), l.unitPrice()))
                .toList());
    }
}
