package io.returnflow.returns;

import java.math.BigDecimal;

/**
 * How one returned line is settled, as recorded with the line: the resolution, the replacement of an exchange, and
 * what the analysts' table {@code return-resolutions} answered for the line when it was resolved, so that every
 * amount of the return can be explained from the row.
 *
 * @param exchangeFor     the replacement; {@code null} unless {@link Resolution#EXCHANGE}
 * @param bonusPercent    the store credit bonus of the line, percent of its credited value
 * @param differenceTo    where an exchange's price difference goes ({@link Resolution#REFUND} or
 *                        {@link Resolution#STORE_CREDIT})
 * @param fallback        what an exchange becomes when the shop cannot ship it
 * @param rule            the table's rule that allowed the resolution
 * @param fallbackPending the exchange was refused and customer service chooses how the line is settled instead
 */
public record LineResolution(String lineId, Resolution resolution, Replacement exchangeFor, BigDecimal bonusPercent,
                             Resolution differenceTo, ResolutionPolicy.Fallback fallback, String rule,
                             boolean fallbackPending) {

    /** A line refunded as every line was before resolutions: no bonus, no rule. */
    public static LineResolution refund(String lineId) {
        return new LineResolution(lineId, Resolution.REFUND, null, BigDecimal.ZERO, Resolution.REFUND,
                ResolutionPolicy.Fallback.REFUND, null, false);
    }

    /** A line resolved as chosen, with what the table allowed it. */
    public static LineResolution of(String lineId, Resolution resolution, Replacement exchangeFor,
                                    ResolutionPolicy.Allowed allowed) {
        return new LineResolution(lineId, resolution, resolution == Resolution.EXCHANGE ? exchangeFor : null,
                allowed.bonusPercent(), allowed.differenceTo(), allowed.fallback(), allowed.rule(), false);
    }

    /**
     * The same line, settled otherwise after its exchange was refused (the fallback, or customer service's choice):
     * the replacement is dropped, the rule that allowed the line (and named its fallback) stays.
     */
    public LineResolution fallenBackTo(Resolution other) {
        return new LineResolution(lineId, other, null, bonusPercent, differenceTo, fallback, rule, false);
    }

    /** The same exchanged line, waiting for customer service to choose its fallback. */
    public LineResolution awaitingFallback() {
        return new LineResolution(lineId, resolution, exchangeFor, bonusPercent, differenceTo, fallback, rule, true);
    }

    /** A replacement: another variant of the same product, or another product of equal or lower price. */
    public record Replacement(String sku, String name, BigDecimal unitPrice) {
    }
}
