package io.returnflow.returns;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Port: what a return settles besides its refund to the original payment, as the resolutions of its lines
 * decided and inspection and fallbacks changed them since. The features that settle a part (store credit,
 * exchange orders) ask it; the journey's pricing, which knows the resolutions and the money rules, answers.
 *
 * <p>Money rule: what an order's returns refund plus what they credit (without the bonus) never exceeds what was
 * paid for the order; each part of a return is settled once.
 */
public interface ReturnSettlements {

    /** The store credit the return gives as it stands now; empty when it gives none (or 0.00). */
    Optional<StoreCreditTerms> storeCredit(String returnId);

    /** The lines the return exchanges as it stands now (accepted quantities), each with its replacement. */
    List<ExchangeLine> exchangeLines(String returnId);

    /**
     * The exchange order was refused (out of stock, or the shop said no): every exchanged line falls back to the
     * resolution the policy names for it, and the return's refund and credit are planned again.
     *
     * @return the lines whose policy names no fallback: they wait for customer service ({@link #chooseFallback})
     */
    List<String> exchangeRefused(String returnId, String reason, String actor);

    /**
     * Customer service chose how the lines the policy left without a fallback are settled instead of the
     * refused exchange ({@link Resolution#REFUND} or {@link Resolution#STORE_CREDIT}).
     *
     * @throws IllegalArgumentException {@code choice} is {@link Resolution#EXCHANGE}, or not one of
     *                                  {@link #fallbackChoices}
     */
    void chooseFallback(String returnId, Resolution choice, String actor);

    /**
     * What customer service may choose for the lines waiting for it ({@link #chooseFallback}): {@link Resolution#REFUND}
     * and {@link Resolution#STORE_CREDIT} as far as the rule of every waiting line allows them (a line whose rule
     * allows neither may be refunded: the money goes back where it came from). Both when no line waits. This default
     * knows no rules; the journey's implementation asks the resolutions table.
     */
    default List<Resolution> fallbackChoices(String returnId) {
        return List.of(Resolution.REFUND, Resolution.STORE_CREDIT);
    }

    /**
     * Store credit to issue.
     *
     * @param amount the credited value, which counts against what the order paid
     * @param bonus  the bonus the policy adds on top, recorded apart (finance reads it as a cost of its own)
     */
    record StoreCreditTerms(String returnId, String orderId, String customerId, String currency, BigDecimal amount,
                            BigDecimal bonus) {
    }

    /** A returned line exchanged for a replacement, with the quantity exchanged. */
    record ExchangeLine(String lineId, String sku, String name, int quantity, BigDecimal unitPrice,
                        String replacementSku, String replacementName, BigDecimal replacementUnitPrice) {
    }
}
