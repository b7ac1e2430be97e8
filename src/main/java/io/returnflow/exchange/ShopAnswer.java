package io.returnflow.exchange;

import java.util.List;

/**
 * The shop's answer to an exchange order.
 *
 * @param shopOrderId    the shop's own order id ({@link Outcome#CONFIRMED}; may be set while pending)
 * @param outOfStockSkus the replacement skus the shop cannot send ({@link Outcome#OUT_OF_STOCK})
 * @param code           why the shop refused, one of the protocol's refusal codes ({@link Outcome#REFUSED})
 * @param reason         the shop's words for it
 */
public record ShopAnswer(Outcome outcome, String shopOrderId, List<String> outOfStockSkus, String code,
                         String reason) {

    public ShopAnswer {
        outOfStockSkus = outOfStockSkus == null ? List.of() : List.copyOf(outOfStockSkus);
    }

    public static ShopAnswer confirmed(String shopOrderId) {
        return new ShopAnswer(Outcome.CONFIRMED, shopOrderId, List.of(), null, null);
    }

    public static ShopAnswer pending(String shopOrderId) {
        return new ShopAnswer(Outcome.PENDING, shopOrderId, List.of(), null, null);
    }

    public static ShopAnswer outOfStock(List<String> skus) {
        return new ShopAnswer(Outcome.OUT_OF_STOCK, null, skus, null, null);
    }

    public static ShopAnswer refused(String code, String reason) {
        return new ShopAnswer(Outcome.REFUSED, null, List.of(), code, reason);
    }

    /** The reason kept with the order: the skus out of stock, or the refusal's code and words. */
    public String describe() {
        return switch (outcome) {
            case OUT_OF_STOCK -> !outOfStockSkus.isEmpty() ? "out of stock: " + String.join(", ", outOfStockSkus)
                    : reason == null || reason.isBlank() ? "out of stock" : "out of stock: " + reason;
            case REFUSED -> code + (reason == null || reason.isBlank() ? "" : ": " + reason);
            default -> null;
        };
    }

    /** Where the order stands at the shop. */
    public enum Outcome {
        CONFIRMED, PENDING, OUT_OF_STOCK, REFUSED;

        /** Whether the shop has decided (the journey may go on). */
        public boolean answered() {
            return this != PENDING;
        }
    }
}
