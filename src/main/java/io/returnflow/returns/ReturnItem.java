package io.returnflow.returns;

import java.math.BigDecimal;

/** One order line (or part of it) being returned. */
public record ReturnItem(String lineId, String sku, String name, String category, int quantity, BigDecimal unitPrice) {

    public BigDecimal total() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
