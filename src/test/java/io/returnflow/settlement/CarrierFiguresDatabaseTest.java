package io.returnflow.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.returnflow.returns.BusinessProperties;
import io.returnflow.carrier.CarrierCharge;
import io.returnflow.carrier.CarrierCharge.Kind;
import io.returnflow.carrier.CarrierProperties;
import io.returnflow.pickup.PickupProperties;
import io.returnflow.returns.FreightProperties;
import io.returnflow.returns.WarehouseProperties;
import io.returnflow.settlement.FreightLedger.CarrierFigures;
import io.returnflow.settlement.ReconciliationReport.Line;
import io.returnflow.settlement.ShipmentFreight.BookedShipment;
import io.returnflow.support.MigratedDatabase;

/**
 * V12 and the carrier's own figures on both databases the product runs on: recorded beside the ledger
 * entry by {@link FreightLedger#carrierCharged}, and shown and compared in the reconciliation report.
 */
class CarrierFiguresDatabaseTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final OffsetDateTime BOOKED = OffsetDateTime.parse("2031-04-01T10:00:00+08:00");
    static final OffsetDateTime COLLECTED = OffsetDateTime.parse("2031-04-01T15:00:00+08:00");
    static final OffsetDateTime SETTLED = OffsetDateTime.parse("2031-04-03T09:00:00+08:00");
    static final String RETURN_ID = "R-CF-1";

    static Stream<MigratedDatabase> databases() {
        return Stream.of(MigratedDatabase.migrated(), MigratedDatabase.onPostgres());
    }

    /** The ledger wired by hand; no rate rows, so every shipment is expected to cost what was quoted: 12.00. */
    static FreightLedger ledger(MigratedDatabase db) {
        BusinessProperties business = new BusinessProperties(SHANGHAI, new BigDecimal("0.5"));
        PickupProperties pickup = new PickupProperties(SHANGHAI, 7,
                new PickupProperties.WindowRule(LocalTime.of(9, 0), LocalTime.of(19, 0), Duration.ofHours(2),
                        Duration.ofHours(1), Set.of(), Set.of()), List.of());
        WarehouseProperties warehouse = new WarehouseProperties("Warehouse", null, "075500000000", "广东省", "深圳市",
                "宝安区", "物流园 3 号库", "518103");
        FreightQuotes quotes = new FreightQuotes(new SettlementProperties(SHANGHAI, 1000, List.of()),
                new CarrierProperties("SF"), warehouse, business);
        db.jdbc().sql("""
                        insert into returns (id, order_id, status, method, reason, customer_id, customer_name,
                          customer_tier, delivered_at, payment_provider, charge_id, currency, amount_paid, freight_amount,
                          freight_payer, freight_rule, refund_due, items_total, freight_deducted, restocking_fee,
                          refund_amount, created_at, updated_at)
                        values (?, 'SO-CF-1', 'IN_TRANSIT', 'HOME_PICKUP', 'DEFECTIVE', 'C-1', '张三', 'STANDARD', ?,
                          'sandbox', 'ch_cf_1', 'CNY', 199.00, 12.00, 'MERCHANT', 'test', 'AT_WAREHOUSE_RECEIPT', 99.00,
                          0.00, 0.00, 99.00, ?, ?)""")
                .params(RETURN_ID, BOOKED, BOOKED, BOOKED).update();
        return new FreightLedger(db.jdbc(), quotes);
    }

    static void book(FreightLedger ledger, String orderCode, String waybill) {
        ledger.booked(new BookedShipment(orderCode, "SF", waybill, RETURN_ID, FreightService.HOME_PICKUP, "广东省",
                "广东省", new BigDecimal("0.5"), "MERCHANT", new BigDecimal("12.00"), "CNY", BOOKED));
    }

    static CarrierCharge collection(String weightKg, String totalFee, String cost, Map<String, BigDecimal> fees) {
        return new CarrierCharge(Kind.COLLECTION, decimal(weightKg), new BigDecimal("6000"), decimal(totalFee),
                decimal(cost), fees);
    }

    /** As Kdniao's 601 says it: fees only. */
    static CarrierCharge settlement(String totalFee, String cost) {
        return new CarrierCharge(Kind.SETTLEMENT, null, null, decimal(totalFee), decimal(cost), Map.of());
    }

    static BigDecimal decimal(String value) {
        return value == null ? null : new BigDecimal(value);
    }

    static CarrierFigures figures(FreightLedger ledger, String orderCode) {
        return ledger.find(orderCode).orElseThrow().carrierFigures();
    }

    static long rows(MigratedDatabase db, String table) {
        return db.jdbc().sql("select count(*) from " + table).query(Long.class).single();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theCollectionsFiguresAreRecordedBesideTheQuote(MigratedDatabase db) {
        FreightLedger ledger = ledger(db);
        book(ledger, "RF-CF-1", "SF100");
        assertThat(ledger.find("RF-CF-1").orElseThrow().carrierFigures()).isNull();

        ledger.carrierCharged("RF-CF-1", "SF100", collection("1.2345", "15.5", "13",
                Map.of("保价费", new BigDecimal("2.5"))), COLLECTED);

        FreightLedger.Entry entry = ledger.find("RF-CF-1").orElseThrow();
        assertThat(entry.weightKg()).isEqualByComparingTo("0.500");
        assertThat(entry.expectedAmount()).isEqualByComparingTo("12.00");
        CarrierFigures figures = entry.carrierFigures();
        assertThat(figures.kind()).isEqualTo(Kind.COLLECTION);
        assertThat(figures.weightKg().toPlainString()).isEqualTo("1.235");
        assertThat(figures.volume()).isEqualByComparingTo("6000");
        assertThat(figures.totalFee().toPlainString()).isEqualTo("15.50");
        assertThat(figures.cost().toPlainString()).isEqualTo("13.00");
        assertThat(figures.feeLines()).containsOnlyKeys("保价费");
        assertThat(figures.feeLines().get("保价费").toPlainString()).isEqualTo("2.50");
        assertThat(figures.reportedAt().toInstant()).isEqualTo(COLLECTED.toInstant());
        assertThat(db.jdbc().sql("select waybill from freight_carrier_charges where order_code = 'RF-CF-1'")
                .query(String.class).single()).isEqualTo("SF100");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aSettlementReplacesTheCollectionsFeesAndKeepsItsWeight(MigratedDatabase db) {
        FreightLedger ledger = ledger(db);
        book(ledger, "RF-CF-2", "SF200");
        ledger.carrierCharged("RF-CF-2", "SF200", collection("1.2", "15.50", "13.00",
                Map.of("保价费", new BigDecimal("2.50"))), COLLECTED);

        ledger.carrierCharged("RF-CF-2", "SF200", settlement("14.00", "14.00"), SETTLED);

        CarrierFigures figures = figures(ledger, "RF-CF-2");
        assertThat(figures.kind()).isEqualTo(Kind.SETTLEMENT);
        assertThat(figures.totalFee().toPlainString()).isEqualTo("14.00");
        assertThat(figures.cost().toPlainString()).isEqualTo("14.00");
        // the settlement does not repeat the insurance: it is no longer charged
        assertThat(figures.feeLines()).isEmpty();
        // 601 names no weight: the one weighed at collection stands
        assertThat(figures.weightKg().toPlainString()).isEqualTo("1.200");
        assertThat(figures.volume()).isEqualByComparingTo("6000");
        assertThat(figures.reportedAt().toInstant()).isEqualTo(SETTLED.toInstant());
        // the collection's report is kept as it came
        assertThat(rows(db, "freight_carrier_charges")).isEqualTo(2);
        assertThat(rows(db, "freight_carrier_charge_fees")).isEqualTo(1);

        // a settlement that does name a weight is believed
        ledger.carrierCharged("RF-CF-2", "SF200", new CarrierCharge(Kind.SETTLEMENT, new BigDecimal("1.1"), null,
                new BigDecimal("14.00"), new BigDecimal("14.00"), Map.of()), SETTLED.plusHours(1));
        assertThat(figures(ledger, "RF-CF-2").weightKg().toPlainString()).isEqualTo("1.100");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theSameChargeAgainChangesNothing(MigratedDatabase db) {
        FreightLedger ledger = ledger(db);
        book(ledger, "RF-CF-3", "SF300");
        ledger.carrierCharged("RF-CF-3", "SF300", collection("1.2", "15.5", "13",
                Map.of("保价费", new BigDecimal("2.5"))), COLLECTED);
        CarrierFigures first = figures(ledger, "RF-CF-3");

        // redelivered, and pushed again later with the same figures written otherwise
        ledger.carrierCharged("RF-CF-3", "SF300", collection("1.2", "15.5", "13",
                Map.of("保价费", new BigDecimal("2.5"))), COLLECTED);
        ledger.carrierCharged(" RF-CF-3 ", "SF300", collection("1.200", "15.50", "13.00",
                Map.of("保价费", new BigDecimal("2.50"))), COLLECTED.plusHours(2));

        assertThat(figures(ledger, "RF-CF-3")).isEqualTo(first);
        assertThat(figures(ledger, "RF-CF-3").reportedAt().toInstant()).isEqualTo(COLLECTED.toInstant());
        assertThat(rows(db, "freight_carrier_charges")).isEqualTo(1);
        assertThat(rows(db, "freight_carrier_charge_fees")).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anotherReportOfTheSameKindStandsOnlyWhenReportedLater(MigratedDatabase db) {
        FreightLedger ledger = ledger(db);
        book(ledger, "RF-CF-4", "SF400");
        ledger.carrierCharged("RF-CF-4", "SF400", collection("1.2", "15.50", "13.00",
                Map.of("保价费", new BigDecimal("2.50"))), COLLECTED);

        // an older push delivered late, and one of the same moment: the recorded figures stand
        ledger.carrierCharged("RF-CF-4", "SF400", collection("0.9", "12.00", "12.00", Map.of()),
                COLLECTED.minusMinutes(30));
        ledger.carrierCharged("RF-CF-4", "SF400", collection("0.9", "12.00", "12.00", Map.of()), COLLECTED);
        assertThat(figures(ledger, "RF-CF-4").totalFee()).isEqualByComparingTo("15.50");
        assertThat(figures(ledger, "RF-CF-4").feeLines()).containsOnlyKeys("保价费");

        // a later correction replaces them, fee lines included
        ledger.carrierCharged("RF-CF-4", "SF400", collection("1.3", "16.00", "13.00",
                Map.of("包装费", new BigDecimal("3"))), COLLECTED.plusMinutes(30));
        CarrierFigures corrected = figures(ledger, "RF-CF-4");
        assertThat(corrected.weightKg()).isEqualByComparingTo("1.3");
        assertThat(corrected.totalFee()).isEqualByComparingTo("16.00");
        assertThat(corrected.feeLines()).containsOnlyKeys("包装费");
        assertThat(corrected.reportedAt().toInstant()).isEqualTo(COLLECTED.plusMinutes(30).toInstant());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aCollectionAfterASettlementNeverOverwritesIt(MigratedDatabase db) {
        FreightLedger ledger = ledger(db);
        book(ledger, "RF-CF-5", "SF500");
        ledger.carrierCharged("RF-CF-5", "SF500", settlement("14.00", "14.00"), SETTLED);

        // the 301 push comes in after the 601, even reported later
        ledger.carrierCharged("RF-CF-5", "SF500", collection("1.2", "15.50", "13.00",
                Map.of("保价费", new BigDecimal("2.50"))), SETTLED.plusHours(1));

        CarrierFigures figures = figures(ledger, "RF-CF-5");
        assertThat(figures.kind()).isEqualTo(Kind.SETTLEMENT);
        assertThat(figures.totalFee().toPlainString()).isEqualTo("14.00");
        assertThat(figures.cost().toPlainString()).isEqualTo("14.00");
        assertThat(figures.feeLines()).isEmpty();
        assertThat(figures.reportedAt().toInstant()).isEqualTo(SETTLED.toInstant());
        // only what the settlement did not say comes from the collection: the weight on the scale
        assertThat(figures.weightKg()).isEqualByComparingTo("1.2");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void figuresForAnOrderCodeNotYetInTheLedgerAreKeptForItsEntry(MigratedDatabase db) {
        FreightLedger ledger = ledger(db);
        ledger.carrierCharged("RF-CF-6", "SF600", collection("1.2", "15.50", "13.00", Map.of()), COLLECTED);
        assertThat(ledger.find("RF-CF-6")).isEmpty();

        book(ledger, "RF-CF-6", null);

        assertThat(figures(ledger, "RF-CF-6").totalFee()).isEqualByComparingTo("15.50");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aReportWithoutFiguresIsNotRecorded(MigratedDatabase db) {
        FreightLedger ledger = ledger(db);
        book(ledger, "RF-CF-7", "SF700");

        ledger.carrierCharged("RF-CF-7", "SF700", new CarrierCharge(Kind.COLLECTION, null, null, null, null, null),
                COLLECTED);

        assertThat(figures(ledger, "RF-CF-7")).isNull();
        assertThat(rows(db, "freight_carrier_charges")).isZero();
        assertThatThrownBy(() -> ledger.carrierCharged("RF-CF-7", "SF700", settlement("1", "1"), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.carrierCharged(" ", "SF700", settlement("1", "1"), SETTLED))
                .isInstanceOf(IllegalArgumentException.class);
        ShipmentFreight.NOT_RECORDED.carrierCharged("RF-CF-7", "SF700", settlement("1", "1"), SETTLED);
        assertThat(rows(db, "freight_carrier_charges")).isZero();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theReportShowsTheDeclaredWeightTheCarriersFiguresAndFlagsAChargeOtherThanItsOwnFee(MigratedDatabase db) {
        FreightLedger ledger = ledger(db);
        CarrierStatements statements = new CarrierStatements(db.jdbc());
        Reconciliation reconciliation = new Reconciliation(ledger, statements,
                new SettlementProperties(SHANGHAI, 1000, List.of()),
                new FreightProperties("CNY", new BigDecimal("12.00"), new BigDecimal("8.00"), Set.of()),
                Clock.fixed(Instant.parse("2031-04-10T02:00:00Z"), ZoneOffset.UTC));
        // every shipment is expected to cost 12.00, declared 0.5 kg
        for (String waybill : List.of("SFA", "SFB", "SFC", "SFD", "SFE", "SFF")) {
            book(ledger, "RF-" + waybill, waybill);
        }
        // A: told 12.00, bills 12.00. B: told 15.50 at collection, bills it (our quote is off).
        ledger.carrierCharged("RF-SFA", "SFA", collection("0.5", "12.00", "12.00", Map.of()), COLLECTED);
        ledger.carrierCharged("RF-SFB", "SFB", collection("1.2", "15.50", "13.00", Map.of()), COLLECTED);
        // C: told 15.50, settled at 12.00, bills 13.00: more than it told us, and more than our quote
        ledger.carrierCharged("RF-SFC", "SFC", collection("1.2", "15.50", "13.00", Map.of()), COLLECTED);
        ledger.carrierCharged("RF-SFC", "SFC", settlement("12.00", "12.00"), SETTLED);
        // D: told 14.00, bills our 12.00: matched, and still not what it told us
        ledger.carrierCharged("RF-SFD", "SFD", collection("1.0", "14.00", "14.00", Map.of()), COLLECTED);
        // E: told nothing, bills 12.00. F: told 12.00, not billed.
        ledger.carrierCharged("RF-SFF", "SFF", collection("0.5", "12.00", "12.00", Map.of()), COLLECTED);

        String csv = "waybill,charged_amount,weight_kg,date\n"
                + "SFA,12.00,0.5,2031-04-01\n"
                + "SFB,15.50,1.2,2031-04-01\n"
                + "SFC,13.00,1.2,2031-04-01\n"
                + "SFD,12.00,0.5,2031-04-01\n"
                + "SFE,12.00,0.5,2031-04-01\n"
                + "SFX,9.00,0.4,2031-04-01\n";
        ReconciliationReport report = reconciliation.reconcile("sf.csv", csv.getBytes(StandardCharsets.UTF_8), "SF",
                null, null, "ops");

        assertThat(report.matched()).extracting(Line::waybill).containsExactly("SFA", "SFD", "SFE");
        assertThat(report.amountMismatches()).extracting(Line::waybill).containsExactly("SFB", "SFC");
        Line a = report.matched().get(0);
        assertThat(a.declaredWeightKg()).isEqualTo("0.5");
        assertThat(a.weightKg()).isEqualTo("0.5");
        assertThat(a.carrierReported().kind()).isEqualTo("COLLECTION");
        assertThat(a.carrierReported().totalFee()).isEqualTo("12.00");
        assertThat(a.carrierReported().feeDifference()).isEqualTo("0.00");
        assertThat(a.chargeDiffersFromCarrierFee()).isFalse();

        Line b = report.amountMismatches().get(0);
        assertThat(b.difference()).isEqualTo("3.50");
        assertThat(b.carrierReported().weightKg()).isEqualTo("1.2");
        assertThat(b.carrierReported().totalFee()).isEqualTo("15.50");
        assertThat(b.carrierReported().feeDifference()).isEqualTo("3.50");
        assertThat(b.carrierReported().chargedOverTotalFee()).isEqualTo("0.00");
        assertThat(b.chargeDiffersFromCarrierFee()).isFalse();

        Line c = report.amountMismatches().get(1);
        assertThat(c.carrierReported().kind()).isEqualTo("SETTLEMENT");
        assertThat(c.carrierReported().totalFee()).isEqualTo("12.00");
        assertThat(c.carrierReported().weightKg()).isEqualTo("1.2");
        assertThat(c.carrierReported().reportedAt().toInstant()).isEqualTo(SETTLED.toInstant());
        assertThat(c.carrierReported().chargedOverTotalFee()).isEqualTo("1.00");
        assertThat(c.chargeDiffersFromCarrierFee()).isTrue();

        Line d = report.matched().get(1);
        assertThat(d.carrierReported().feeDifference()).isEqualTo("2.00");
        assertThat(d.carrierReported().chargedOverTotalFee()).isEqualTo("-2.00");
        assertThat(d.chargeDiffersFromCarrierFee()).isTrue();

        Line e = report.matched().get(2);
        assertThat(e.declaredWeightKg()).isEqualTo("0.5");
        assertThat(e.carrierReported()).isNull();
        assertThat(e.chargeDiffersFromCarrierFee()).isNull();

        assertThat(report.notCharged()).singleElement().satisfies(f -> {
            assertThat(f.waybill()).isEqualTo("SFF");
            assertThat(f.declaredWeightKg()).isEqualTo("0.5");
            assertThat(f.carrierReported().totalFee()).isEqualTo("12.00");
            assertThat(f.carrierReported().chargedOverTotalFee()).isNull();
            assertThat(f.chargeDiffersFromCarrierFee()).isNull();
        });
        assertThat(report.unknownWaybills()).singleElement().satisfies(x -> {
            assertThat(x.declaredWeightKg()).isNull();
            assertThat(x.carrierReported()).isNull();
            assertThat(x.chargeDiffersFromCarrierFee()).isNull();
        });
        assertThat(report.summary().chargesDifferingFromCarrierFee()).isEqualTo(2);
        assertThat(report.summary().matched()).isEqualTo(3);
        assertThat(report.summary().amountMismatches()).isEqualTo(2);

        // the report is kept as it stood: a later settlement push does not change it
        ledger.carrierCharged("RF-SFA", "SFA", settlement("20.00", "20.00"), SETTLED);
        assertThat(statements.find(report.id())).contains(report);
    }
}
