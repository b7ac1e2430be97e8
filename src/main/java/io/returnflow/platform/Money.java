package io.returnflow.platform;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Locale;

/**
 * Amounts of the store's currency (CNY): two decimals, rounded half up where a computation leaves
 * more; written as decimal strings in the API. Minor units appear only at the payment provider's edge.
 */
public final class Money {

    /** Decimals of the store's currency. */
    public static final int SCALE = 2;

    private Money() {
    }

    public static BigDecimal of(BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.HALF_UP);
    }

    public static BigDecimal zero() {
        return of(BigDecimal.ZERO);
    }

    /**
     * The amount rounded half up to the currency's minor unit, at most {@link #SCALE} decimals (the API's amounts
     * carry two): 99.50 JPY is 100, 9.905 CNY is 9.91. For what is computed (a bonus, a share, a fee), so that it
     * is an amount the currency can pay.
     *
     * @throws IllegalArgumentException the currency is not an ISO 4217 code
     */
    public static BigDecimal of(BigDecimal amount, String currency) {
        return amount.setScale(Math.min(SCALE, minorDigits(currency)), RoundingMode.HALF_UP);
    }

    /**
     * Decimals of the currency's minor unit: 2 for CNY (fen), 0 for JPY, 3 for KWD.
     *
     * @throws IllegalArgumentException the currency is not an ISO 4217 code
     */
    public static int minorDigits(String currency) {
        return Math.max(0, Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits());
    }

    /**
     * Whether the amount is a whole number of the currency's minor units (fen for CNY): what a provider can move.
     *
     * @throws IllegalArgumentException the currency is not an ISO 4217 code
     */
    public static boolean inWholeMinorUnits(BigDecimal amount, String currency) {
        return amount.movePointRight(minorDigits(currency)).stripTrailingZeros().scale() <= 0;
    }

    /** As the API writes it: {@code "87.50"}; {@code null} stays {@code null}. */
    public static String text(BigDecimal amount) {
        return amount == null ? null : of(amount).toPlainString();
    }
}
