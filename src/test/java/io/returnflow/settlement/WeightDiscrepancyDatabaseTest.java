package io.returnflow.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.returnflow.returns.BusinessProperties;
import io.returnflow.carrier.CarrierProperties;
import io.returnflow.pickup.PickupProperties;
import io.returnflow.returns.FreightProperties;
import io.returnflow.returns.WarehouseProperties;
import io.returnflow.settlement.ReconciliationReport.Line;
import io.returnflow.settlement.SettlementProperties.Rate;
import io.returnflow.settlement.ShipmentFreight.BookedShipment;
import io.returnflow.support.MigratedDatabase;

/**
 * The carrier's weight against ours, on both databases the product runs on (V14): a statement row whose
 * weight our rate table prices otherwise than the weight we declared is a weight discrepancy, whatever it
 * charged, shown with both weights and what the carrier's weight costs, and kept so.
 */
class WeightDiscrepancyDatabaseTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final OffsetDateTime BOOKED = OffsetDateTime.parse("2031-08-01T10:00:00+08:00");
    static final String RETURN_ID = "R-WD-1";
    /** Within Guangdong: 12.00 for the first kilogram, 2.00 for every started one beyond it. ZTO has no rates. */
    static final List<Rate> RATES = List.of(new Rate("SF", null, "广东省", "广东省", new BigDecimal("12.00"),
            new BigDecimal("2.00")));

    static Stream<MigratedDatabase> databases() {
        return Stream.of(MigratedDatabase.migrated(), MigratedDatabase.onPostgres());
    }

    static SettlementProperties settlement(List<Rate> rates) {
        return new SettlementProperties(SHANGHAI, 1000, rates);
    }

    static FreightLedger ledger(MigratedDatabase db) {
        BusinessProperties business = new BusinessProperties(SHANGHAI, new BigDecimal("0.5"));
        PickupProperties pickup = new PickupProperties(SHANGHAI, 7,
                new PickupProperties.WindowRule(LocalTime.of(9, 0), LocalTime.of(19, 0), Duration.ofHours(2),
                        Duration.ofHours(1), Set.of(), Set.of()), List.of());
        WarehouseProperties warehouse = new WarehouseProperties("Warehouse", null, "075500000000", "广东省", "深圳市",
                "宝安区", "物流园 3 号库", "518103");
        db.jdbc().sql("""
                        insert into returns (id, order_id, status, method, reason, customer_id, customer_name,
                          customer_tier, delivered_at, payment_provider, charge_id, currency, amount_paid, freight_amount,
                          freight_payer, freight_rule, refund_due, items_total, freight_deducted, restocking_fee,
                          refund_amount, created_at, updated_at)
                        values (?, 'SO-WD-1', 'IN_TRANSIT', 'HOME_PICKUP', 'DEFECTIVE', 'C-1', '张三', 'STANDARD', ?,
                          'sandbox', 'ch_wd_1', 'CNY', 199.00, 12.00, 'MERCHANT', 'test', 'AT_WAREHOUSE_RECEIPT', 99.00,
                          0.00, 0.00, 99.00, ?, ?)""")
                .params(RETURN_ID, BOOKED, BOOKED, BOOKED).update();
        return new FreightLedger(db.jdbc(), new FreightQuotes(settlement(RATES), new CarrierProperties("SF"),
                warehouse, business));
    }

    static Reconciliation reconciliation(MigratedDatabase db, FreightLedger ledger, List<Rate> rates) {
        return new Reconciliation(ledger, new CarrierStatements(db.jdbc()), settlement(rates),
                new FreightProperties("CNY", new BigDecimal("12.00"), new BigDecimal("8.00"), Set.of()),
                Clock.fixed(Instant.parse("2031-08-10T02:00:00Z"), ZoneOffset.UTC));
    }

    static void book(FreightLedger ledger, String carrier, String waybill, String declaredKg, String quoted) {
        ledger.booked(new BookedShipment("RF-" + waybill, carrier, waybill, RETURN_ID, FreightService.HOME_PICKUP,
                "广东省", "广东省", new BigDecimal(declaredKg), "MERCHANT", new BigDecimal(quoted), "CNY", BOOKED));
    }

    static ReconciliationReport reconcile(Reconciliation reconciliation, String rows) {
        return reconciliation.reconcile("sf.csv", ("waybill,charged_amount,weight_kg,date\n" + rows)
                .getBytes(StandardCharsets.UTF_8), null, null, null, "ops");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aWeightThatPricesOtherwiseThanOursIsAWeightDiscrepancyWhateverWasCharged(MigratedDatabase db) {
        FreightLedger ledger = ledger(db);
        book(ledger, "SF", "SFHEAVY", "0.5", "12.00");      // expected 12.00
        book(ledger, "SF", "SFEXPLAINED", "0.5", "12.00");  // expected 12.00
        book(ledger, "SF", "SFLIGHTER", "1.5", "14.00");    // expected 14.00
        book(ledger, "SF", "SFSAMEPRICE", "0.5", "12.00");
        book(ledger, "SF", "SFAMOUNT", "0.5", "12.00");
        book(ledger, "ZTO", "ZTONORATE", "0.5", "10.00");   // no rate row: expected as quoted
        assertThat(ledger.find("RF-SFLIGHTER").orElseThrow().expectedAmount()).isEqualByComparingTo("14.00");

        ReconciliationReport report = reconcile(reconciliation(db, ledger, RATES), """
                SFHEAVY,12.00,2.5,2031-08-01
                SFEXPLAINED,14.00,1.6,2031-08-01
                SFLIGHTER,14.00,0.4,2031-08-01
                SFSAMEPRICE,12.00,0.8,2031-08-01
                SFAMOUNT,13.00,0.5,2031-08-01
                ZTONORATE,10.00,3.0,2031-08-01
                """);

        assertThat(report.weightDiscrepancies()).extracting(Line::waybill)
                .containsExactly("SFHEAVY", "SFEXPLAINED", "SFLIGHTER");
        // charged our quote for a parcel the carrier says weighed 2.5 kg: by our rates that is 16.00
        Line heavy = report.weightDiscrepancies().get(0);
        assertThat(heavy.weightKg()).isEqualTo("2.5");
        assertThat(heavy.declaredWeightKg()).isEqualTo("0.5");
        assertThat(heavy.weightPricedAmount()).isEqualTo("16.00");
        assertThat(heavy.chargedAmount()).isEqualTo("12.00");
        assertThat(heavy.expectedAmount()).isEqualTo("12.00");
        assertThat(heavy.difference()).isEqualTo("0.00");
        // billed more than our quote, exactly what its heavier weight costs: the weight, not the rates, differs
        Line explained = report.weightDiscrepancies().get(1);
        assertThat(explained.weightPricedAmount()).isEqualTo("14.00");
        assertThat(explained.difference()).isEqualTo("2.00");
        // billed our quote for 1.5 kg, though it weighed 0.4 kg, which costs 12.00
        Line lighter = report.weightDiscrepancies().get(2);
        assertThat(lighter.declaredWeightKg()).isEqualTo("1.5");
        assertThat(lighter.weightKg()).isEqualTo("0.4");
        assertThat(lighter.weightPricedAmount()).isEqualTo("12.00");
        assertThat(lighter.difference()).isEqualTo("0.00");

        // another weight in the same price, and a shipment no rate row prices: matched
        assertThat(report.matched()).extracting(Line::waybill).containsExactly("SFSAMEPRICE", "ZTONORATE");
        assertThat(report.matched().get(0).weightPricedAmount()).isEqualTo("12.00");
        assertThat(report.matched().get(1).weightPricedAmount()).isNull();
        // the same weight, another amount: the rates or the bill are off, not the weight
        assertThat(report.amountMismatches()).singleElement().satisfies(a -> {
            assertThat(a.waybill()).isEqualTo("SFAMOUNT");
            assertThat(a.weightPricedAmount()).isEqualTo("12.00");
            assertThat(a.difference()).isEqualTo("1.00");
        });

        assertThat(report.summary().weightDiscrepancies()).isEqualTo(3);
        assertThat(report.summary().matched()).isEqualTo(2);
        assertThat(report.summary().amountMismatches()).isEqualTo(1);
        assertThat(report.summary().chargedTotal()).isEqualTo("75.00");
        assertThat(report.summary().expectedTotal()).isEqualTo("72.00");
        // kept as it stood
        assertThat(new CarrierStatements(db.jdbc()).find(report.id())).contains(report);
        assertThat(db.jdbc().sql("select count(*) from carrier_statement_lines where outcome = 'WEIGHT_DISCREPANCY'")
                .query(Long.class).single()).isEqualTo(3);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void ratesChangedSinceTheBookingAreNoWeightDiscrepancy(MigratedDatabase db) {
        FreightLedger ledger = ledger(db);
        book(ledger, "SF", "SFOLDRATE", "0.5", "12.00");
        List<Rate> dearer = List.of(new Rate("SF", null, "广东省", "广东省", new BigDecimal("13.00"),
                new BigDecimal("2.00")));

        ReconciliationReport report = reconcile(reconciliation(db, ledger, dearer), "SFOLDRATE,12.00,0.5,2031-08-01\n");

        // both weights priced by today's table agree: matched at the quote of the booking
        assertThat(report.weightDiscrepancies()).isEmpty();
        assertThat(report.matched()).singleElement().satisfies(m -> {
            assertThat(m.expectedAmount()).isEqualTo("12.00");
            assertThat(m.weightPricedAmount()).isEqualTo("13.00");
        });
        // the kept report keeps what the weight cost then, whatever the rates become
        assertThat(new CarrierStatements(db.jdbc()).find(report.id()).orElseThrow().matched().get(0)
                .weightPricedAmount()).isEqualTo("13.00");
    }
}
