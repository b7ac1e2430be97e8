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
}
