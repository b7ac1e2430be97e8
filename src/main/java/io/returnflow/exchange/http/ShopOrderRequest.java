package io.returnflow.exchange.http;

import java.util.List;

/** The protocol's request body: money as decimal strings. */
public record ShopOrderRequest(String id, String returnId, String orderId, String customerId, boolean instant,
                               List<Line> lines) {

    public record Line(String lineId, String sku, String name, int quantity, String unitPrice) {
    }
}
