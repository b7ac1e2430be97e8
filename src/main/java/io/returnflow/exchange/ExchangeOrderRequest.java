package io.returnflow.exchange;

import java.math.BigDecimal;
import java.util.List;

/**
 * What the shop is asked to send: the replacement lines of one return.
 *
 * @param id      our exchange order id ({@code EX-…}), the idempotency key
 * @param instant shipped before the returned items arrive (a trusted buyer's instant exchange)
 */
public record ExchangeOrderRequest(String id, String returnId, String orderId, String customerId, boolean instant,
                                   List<Line> lines) {

    public ExchangeOrderRequest {
        lines = List.copyOf(lines);
    }

    /**
     * A replacement item.
     *
     * @param lineId    the returned order line it replaces
     * @param unitPrice the replacement's price (a decimal, the order's currency)
     */
    public record Line(String lineId, String sku, String name, int quantity, BigDecimal unitPrice) {
    }
}
