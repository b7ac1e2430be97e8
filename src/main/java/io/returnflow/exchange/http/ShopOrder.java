package io.returnflow.exchange.http;

import java.util.List;

/**
 * The protocol's order object.
 *
 * @param status {@code confirmed}, {@code pending}, {@code out_of_stock} or {@code refused}
 */
public record ShopOrder(String id, String status, String shopOrderId, List<String> outOfStockSkus,
                        Refusal refusal) {

    /** Why the shop refused: {@code code} from the protocol's list, {@code reason} in its words. */
    public record Refusal(String code, String reason) {
    }
}
