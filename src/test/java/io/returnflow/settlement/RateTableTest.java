package io.returnflow.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.returnflow.settlement.SettlementProperties.Rate;

class RateTableTest {

    final RateTable table = new RateTable(List.of(
            rate("SF", null, "广东省", "广东省", "12.00", "2.00"),
            rate("SF", null, "*", "广东省", "18.00", "5.00"),
            rate("SF", null, "*", "*", "23.00", "8.00"),
            rate("SF", FreightService.STORE_SHIPMENT, "*", "*", "8.00", "1.00"),
            rate("ZTO", null, "*", "*", "10.00", "3.00")));

    @Test
    void anExactRowWinsOverTheWildcards() {
        assertThat(table.price("SF", FreightService.HOME_PICKUP, "广东省", "广东省", kg("0.5")))
                .contains(new RateTable.Priced(new BigDecimal("12.00"), "SF 广东省→广东省"));
    }

    @Test
    void anOriginWithoutItsOwnRowFallsBackToTheWildcardRowForTheDestination() {
        assertThat(table.price("SF", FreightService.HOME_PICKUP, "浙江省", "广东省", kg("1")))
                .contains(new RateTable.Priced(new BigDecimal("18.00"), "SF *→广东省"));
        assertThat(table.price("SF", FreightService.HOME_PICKUP, "浙江省", "上海市", kg("1")))
                .contains(new RateTable.Priced(new BigDecimal("23.00"), "SF *→*"));
    }

    @Test
    void aRowForTheServiceBeatsAMoreSpecificRouteForAnyService() {
        assertThat(table.price("SF", FreightService.STORE_SHIPMENT, "广东省", "广东省", kg("0.5")))
                .contains(new RateTable.Priced(new BigDecimal("8.00"), "SF store-shipment *→*"));
    }

    @Test
    void everyStartedKilogramBeyondTheFirstCostsTheAdditionalRate() {
        assertThat(amount("0")).isEqualTo("12.00");
        assertThat(amount("1")).isEqualTo("12.00");
        assertThat(amount("1.001")).isEqualTo("14.00");
        assertThat(amount("2")).isEqualTo("14.00");
        assertThat(amount("2.5")).isEqualTo("16.00");
        assertThat(amount("10")).isEqualTo("30.00");
    }

    @Test
    void carriersAreMatchedWithoutCaseAndAnUnknownCarrierHasNoRate() {
        assertThat(table.price("zto", FreightService.HOME_PICKUP, "广东省", "广东省", kg("1.5")))
                .contains(new RateTable.Priced(new BigDecimal("13.00"), "ZTO *→*"));
        assertThat(table.find("YTO", FreightService.HOME_PICKUP, "广东省", "广东省")).isEmpty();
    }

    @Test
    void aRowWithoutPricesIsRefused() {
        assertThatThrownBy(() -> new RateTable(List.of(rate("SF", null, "*", "*", null, "1.00"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateTable(List.of(rate("SF", null, "*", "*", "-1.00", "1.00"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private String amount(String weight) {
        return table.price("SF", FreightService.HOME_PICKUP, "广东省", "广东省", kg(weight)).orElseThrow()
                .amount().toPlainString();
    }

    private static BigDecimal kg(String value) {
        return new BigDecimal(value);
    }

    private static Rate rate(String carrier, FreightService service, String from, String to, String first,
                             String additional) {
        return new Rate(carrier, service, from, to, first == null ? null : new BigDecimal(first),
                additional == null ? null : new BigDecimal(additional));
    }
}
