package io.returnflow.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** A consolidated shipment's freight shared out over its returns: to the cent, adding up exactly. */
class FreightShareOutTest {

    @Test
    void equalWeightsShareEquallyAndTheLeftOverCentsGoToTheFirst() {
        assertThat(FreightLedger.shareOut(new BigDecimal("10.00"), kg("1", "1", "1")))
                .extracting(BigDecimal::toPlainString).containsExactly("3.34", "3.33", "3.33");
        assertThat(FreightLedger.shareOut(new BigDecimal("0.02"), kg("1", "1", "1")))
                .extracting(BigDecimal::toPlainString).containsExactly("0.01", "0.01", "0.00");
    }

    @Test
    void sharesFollowTheWeightsAndTheLargestRemainderGetsTheCent() {
        assertThat(FreightLedger.shareOut(new BigDecimal("10.00"), kg("0.5", "1.0", "1.5")))
                .extracting(BigDecimal::toPlainString).containsExactly("1.67", "3.33", "5.00");
        assertThat(FreightLedger.shareOut(new BigDecimal("12.00"), kg("2.5")))
                .extracting(BigDecimal::toPlainString).containsExactly("12.00");
    }

    @Test
    void weightlessParcelsShareEquallyAndNothingIsSharedOverNobody() {
        assertThat(FreightLedger.shareOut(new BigDecimal("1.00"), kg("0", "0")))
                .extracting(BigDecimal::toPlainString).containsExactly("0.50", "0.50");
        assertThatThrownBy(() -> FreightLedger.shareOut(BigDecimal.TEN, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FreightLedger.shareOut(BigDecimal.TEN, kg("1", "-1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anyAmountOverAnyWeightsAddsUpExactly() {
        Random random = new Random(42);
        for (int run = 0; run < 2000; run++) {
            BigDecimal amount = BigDecimal.valueOf(random.nextInt(100_000), 2);
            int parcels = 1 + random.nextInt(12);
            List<BigDecimal> weights = random.ints(parcels, 0, 5000).mapToObj(g -> BigDecimal.valueOf(g, 3)).toList();

            List<BigDecimal> shares = FreightLedger.shareOut(amount, weights);

            assertThat(shares).hasSize(parcels).allSatisfy(share -> {
                assertThat(share.scale()).isEqualTo(2);
                assertThat(share.signum()).isNotNegative();
            });
            assertThat(shares.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).as(amount + " over " + weights)
                    .isEqualByComparingTo(amount);
        }
    }

    private static List<BigDecimal> kg(String... weights) {
        return java.util.Arrays.stream(weights).map(BigDecimal::new).toList();
    }
}
