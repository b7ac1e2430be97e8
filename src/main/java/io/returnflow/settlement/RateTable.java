package io.returnflow.settlement;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import io.returnflow.settlement.SettlementProperties.Rate;
import io.returnflow.platform.Money;

/**
 * A carrier's rates by service, origin and destination province. The most specific row wins: a row
 * for the service beats one for any service, then an exact origin beats {@code *}, then an exact
 * destination beats {@code *}; between equally specific rows the first listed wins.
 */
public final class RateTable {

    /** A province of a rate row that matches every province. */
    public static final String ANY = "*";

    private static final BigDecimal ONE_KG = BigDecimal.ONE;

    private final List<Rate> rates;

    public RateTable(List<Rate> rates) {
        for (Rate rate : rates) {
            if (rate.carrier() == null || rate.from() == null || rate.to() == null || rate.firstKg() == null
                    || rate.additionalKg() == null) {
                throw new IllegalArgumentException("Rate row " + rate + " needs carrier, from, to, first-kg and additional-kg");
            }
            if (rate.firstKg().signum() < 0 || rate.additionalKg().signum() < 0) {
                throw new IllegalArgumentException("Rate row " + rate + " has a negative price");
            }
        }
        this.rates = List.copyOf(rates);
    }

    /** The row that prices this shipment, if any. */
    public Optional<Rate> find(String carrier, FreightService service, String from, String to) {
        return IntStream.range(0, rates.size())
                .filter(i -> matches(rates.get(i), carrier, service, from, to))
                .boxed()
                .min(Comparator.<Integer>comparingInt(i -> -specificity(rates.get(i))).thenComparingInt(i -> i))
                .map(rates::get);
    }

    /** The price of this shipment and the row that set it, if a row applies. */
    public Optional<Priced> price(String carrier, FreightService service, String from, String to, BigDecimal weightKg) {
        return find(carrier, service, from, to).map(rate -> new Priced(price(rate, weightKg), rule(rate)));
    }

    /** First kilogram, plus the additional rate for every started kilogram beyond it. */
    static BigDecimal price(Rate rate, BigDecimal weightKg) {
        BigDecimal beyond = weightKg.subtract(ONE_KG).max(BigDecimal.ZERO).setScale(0, RoundingMode.CEILING);
        return Money.of(rate.firstKg().add(rate.additionalKg().multiply(beyond)));
    }

    /** How a quote names its row, e.g. {@code SF 广东省→广东省} or {@code SF store-shipment *→*}. */
    static String rule(Rate rate) {
        return rate.carrier() + (rate.service() == null ? "" : " " + rate.service().slug()) + " " + rate.from() + "→"
                + rate.to();
    }

    private static boolean matches(Rate rate, String carrier, FreightService service, String from, String to) {
        return rate.carrier().equalsIgnoreCase(carrier)
                && (rate.service() == null || rate.service() == service)
                && (ANY.equals(rate.from()) || rate.from().equals(from))
                && (ANY.equals(rate.to()) || rate.to().equals(to));
    }

    private static int specificity(Rate rate) {
        return (rate.service() == null ? 0 : 4) + (ANY.equals(rate.from()) ? 0 : 2) + (ANY.equals(rate.to()) ? 0 : 1);
    }

    /** A shipment's price and the rule naming the rate row. */
    public record Priced(BigDecimal amount, String rule) {
    }
}
