package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void anAmountAProviderCanMoveIsAWholeNumberOfTheCurrencysMinorUnits() {
        assertThat(Money.inWholeMinorUnits(new BigDecimal("99.00"), "CNY")).isTrue();
        assertThat(Money.inWholeMinorUnits(new BigDecimal("99.1"), "cny")).isTrue();
        assertThat(Money.inWholeMinorUnits(new BigDecimal("99.000"), "CNY")).as("trailing zeros").isTrue();
        assertThat(Money.inWholeMinorUnits(new BigDecimal("99.005"), "CNY")).as("half a fen").isFalse();
        assertThat(Money.inWholeMinorUnits(new BigDecimal("100"), "JPY")).isTrue();
        assertThat(Money.inWholeMinorUnits(new BigDecimal("100.5"), "JPY")).as("yen have no minor unit").isFalse();
        assertThatThrownBy(() -> Money.inWholeMinorUnits(BigDecimal.ONE, "XXQ"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aComputedAmountIsRoundedToTheCurrencysMinorUnitAtMostTwoDecimals() {
        assertThat(Money.of(new BigDecimal("99.5"), "JPY")).isEqualTo(new BigDecimal("100"));
        assertThat(Money.of(new BigDecimal("9.905"), "CNY")).isEqualTo(new BigDecimal("9.91"));
        assertThat(Money.of(new BigDecimal("9.9"), "CNY")).isEqualTo(Money.of(new BigDecimal("9.9")));
        assertThat(Money.of(new BigDecimal("1.2345"), "KWD")).as("the API carries two decimals")
                .isEqualTo(new BigDecimal("1.23"));
        assertThat(Money.minorDigits("JPY")).isZero();
        assertThat(Money.minorDigits("KWD")).isEqualTo(3);
        assertThat(Money.minorDigits("XAU")).as("no minor unit defined").isZero();
    }
}
