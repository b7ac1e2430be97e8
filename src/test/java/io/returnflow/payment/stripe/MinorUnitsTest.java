package io.returnflow.payment.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MinorUnitsTest {

    @ParameterizedTest
    @CsvSource({
            "87.50, CNY, 8750",
            "87.5, CNY, 8750",
            "87, CNY, 8700",
            "0.01, CNY, 1",
            "199.00, cny, 19900",
            "12.340, USD, 1234",
            "500, JPY, 500",
    })
    void convertsMajorUnitsExactlyAtTheCurrencysScale(String amount, String currency, int minorUnits) {
        assertThat(MinorUnits.toMinorUnits(new BigDecimal(amount), currency)).isEqualTo(minorUnits);
    }

    @ParameterizedTest
    @ValueSource(strings = {"87.505", "0.001", "87.5000001"})
    void refusesFractionsOfAFenRatherThanRounding(String amount) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MinorUnits.toMinorUnits(new BigDecimal(amount), "CNY"))
                .withMessageContaining("fractions of the currency's minor unit");
    }

    @Test
    void refusesFractionsOfAYen() {
        assertThatIllegalArgumentException().isThrownBy(() -> MinorUnits.toMinorUnits(new BigDecimal("1.5"), "JPY"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.00", "-1.00"})
    void refusesAmountsThatAreNotPositive(String amount) {
        assertThatIllegalArgumentException().isThrownBy(() -> MinorUnits.toMinorUnits(new BigDecimal(amount), "CNY"));
    }

    @Test
    void refusesAmountsBeyondTheApisInteger() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MinorUnits.toMinorUnits(new BigDecimal("21474836.48"), "CNY"))
                .withMessageContaining("too large");
    }

    @Test
    void refusesUnknownCurrencies() {
        assertThatIllegalArgumentException().isThrownBy(() -> MinorUnits.toMinorUnits(BigDecimal.TEN, "XYZ"));
    }

    @Test
    void convertsMinorUnitsBackWithTheCurrencysScale() {
        assertThat(MinorUnits.toMajorUnits(8750, "cny")).isEqualByComparingTo("87.50").hasScaleOf(2);
        assertThat(MinorUnits.toMajorUnits(500, "JPY")).isEqualTo(new BigDecimal("500"));
    }
}
