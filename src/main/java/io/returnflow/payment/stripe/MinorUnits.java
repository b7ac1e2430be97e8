package io.returnflow.payment.stripe;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;

/**
 * Money at the provider's edge: the refund API speaks integer minor units (fen, cents), the product
 * speaks {@link BigDecimal} in the currency's major unit. The scale comes from ISO 4217 (CNY: 2, JPY: 0).
 * Conversions are exact: an amount with fractions of a minor unit is refused, never rounded.
 */
final class MinorUnits {

    private MinorUnits() {
    }

    /**
     * @throws IllegalArgumentException the amount is not positive, has fractions of a minor unit, does not
     *                                  fit the API's integer, or the currency is unknown
     */
    static int toMinorUnits(BigDecimal amount, String currency) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("A refund amount must be positive, was " + amount.toPlainString());
        }
        BigDecimal minor = amount.movePointRight(fractionDigits(currency));
        if (minor.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(amount.toPlainString() + " " + currency
                    + " has fractions of the currency's minor unit");
        }
        try {
            return minor.intValueExact();
        } catch (ArithmeticException tooLarge) {
            throw new IllegalArgumentException(amount.toPlainString() + " " + currency + " is too large", tooLarge);
        }
    }

    static BigDecimal toMajorUnits(long minorUnits, String currency) {
        return BigDecimal.valueOf(minorUnits, fractionDigits(currency));
    }

    private static int fractionDigits(String currency) {
        int digits = Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits();
        if (digits < 0) {
            throw new IllegalArgumentException(currency + " is not a currency that can be refunded");
        }
        return digits;
    }
}
