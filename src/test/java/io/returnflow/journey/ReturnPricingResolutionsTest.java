package io.returnflow.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.returnflow.returns.CustomerReturn.Freight;
import io.returnflow.returns.CustomerReturn.FreightPayer;
import io.returnflow.returns.FreightProperties;
import io.returnflow.returns.LineResolution;
import io.returnflow.returns.RefundAfterInspection.AcceptedLine;
import io.returnflow.returns.RefundAfterInspection.Parts;
import io.returnflow.returns.RefundTiming;
import io.returnflow.returns.Resolution;
import io.returnflow.returns.ResolutionPolicy;
import io.returnflow.returns.ReturnItem;
import io.returnflow.returns.ReturnReason;

/**
 * The money of a return whose lines are refunded, credited or exchanged: each part from its own lines, the
 * deductions off the refund first, the order's cap over refund and credit together, the bonus apart.
 */
class ReturnPricingResolutionsTest {

    final ReturnPricing pricing = new ReturnPricing(new FreightProperties("CNY", new BigDecimal("12.00"),
            new BigDecimal("8.00"), Set.of(ReturnReason.DEFECTIVE), Map.of("electronics", new BigDecimal("0.10"))));

    final ReturnItem shirt = new ReturnItem("L1", "SKU-1", "T-shirt", "apparel", 2, new BigDecimal("50.00"));
    final ReturnItem shoes = new ReturnItem("L2", "SKU-2", "shoes", "shoes", 1, new BigDecimal("300.00"));
    final ReturnItem phone = new ReturnItem("L3", "SKU-3", "phone", "electronics", 1, new BigDecimal("199.00"));

    final Freight buyerPays = new Freight(new BigDecimal("12.00"), "CNY", FreightPayer.BUYER, "flat");
    final Freight merchantPays = new Freight(new BigDecimal("12.00"), "CNY", FreightPayer.MERCHANT, "flat");

    static LineResolution line(String lineId, Resolution resolution, String bonus, Resolution differenceTo,
                               String replacementPrice) {
        return new LineResolution(lineId, resolution, replacementPrice == null ? null
                : new LineResolution.Replacement(lineId + "-B", "replacement", new BigDecimal(replacementPrice)),
                new BigDecimal(bonus), differenceTo, ResolutionPolicy.Fallback.REFUND, "test", false);
    }

    ReturnPricing.Settlement settle(List<ReturnItem> items, Map<String, LineResolution> lines, Freight freight,
                                    String paid, String alreadyTaken) {
        return pricing.settlement(items, lines, freight, new BigDecimal(paid), new BigDecimal(alreadyTaken),
                RefundTiming.AT_WAREHOUSE_RECEIPT);
    }

    @Test
    void aMixedReturnSettlesEachPartFromItsOwnLines() {
        var s = settle(List.of(shirt, shoes), Map.of(
                        "L1", line("L1", Resolution.REFUND, "0", Resolution.REFUND, null),
                        "L2", line("L2", Resolution.STORE_CREDIT, "10", Resolution.REFUND, null)),
                merchantPays, "400.00", "0");

        assertThat(s.refund().amount()).isEqualByComparingTo("100.00");
        assertThat(s.credit()).isEqualByComparingTo("300.00");
        assertThat(s.creditBonus()).as("10 % of the credited line, apart").isEqualByComparingTo("30.00");
        assertThat(s.refund().itemsTotal()).isEqualByComparingTo("400.00");
        assertThat(s.exchangeDifference()).isEqualByComparingTo("0.00");
    }

    @Test
    void anExchangesPriceDifferenceGoesWhereTheLinesRuleRoutesIt() {
        var toRefund = settle(List.of(shirt, shoes), Map.of(
                        "L1", line("L1", Resolution.EXCHANGE, "10", Resolution.REFUND, "45.50"),
                        "L2", line("L2", Resolution.EXCHANGE, "10", Resolution.STORE_CREDIT, "280.00")),
                buyerPays, "400.00", "0");

        assertThat(toRefund.refund().amount()).as("2 × 4.50").isEqualByComparingTo("9.00");
        assertThat(toRefund.credit()).as("a credited difference earns no bonus").isEqualByComparingTo("20.00");
        assertThat(toRefund.creditBonus()).isEqualByComparingTo("0.00");
        assertThat(toRefund.exchangeDifference()).isEqualByComparingTo("29.00");
        assertThat(toRefund.refund().freightDeducted()).as("a return that only exchanges bears no freight")
                .isEqualByComparingTo("0.00");
        assertThat(toRefund.refund().restockingFee()).isEqualByComparingTo("0.00");
    }

    @Test
    void freightAndFeesComeOffTheRefundFirstThenTheCredit() {
        // refund 100.00 for the shirts, 199.00 credited for the phone: freight 12.00 + 10 % fee of the phone 19.90
        var s = settle(List.of(shirt, phone), Map.of(
                        "L1", line("L1", Resolution.REFUND, "0", Resolution.REFUND, null),
                        "L3", line("L3", Resolution.STORE_CREDIT, "5", Resolution.REFUND, null)),
                buyerPays, "1000.00", "0");
        assertThat(s.refund().freightDeducted()).isEqualByComparingTo("12.00");
        assertThat(s.refund().restockingFee()).isEqualByComparingTo("19.90");
        assertThat(s.refund().amount()).isEqualByComparingTo("68.10");
        assertThat(s.credit()).isEqualByComparingTo("199.00");
        assertThat(s.creditBonus()).isEqualByComparingTo("9.95");

        // nothing refunded: the credit bears them, and its bonus shrinks in proportion
        var creditOnly = settle(List.of(phone), Map.of(
                "L3", line("L3", Resolution.STORE_CREDIT, "5", Resolution.REFUND, null)), buyerPays, "1000.00", "0");
        assertThat(creditOnly.refund().amount()).isEqualByComparingTo("0.00");
        assertThat(creditOnly.credit()).as("199.00 − 12.00 − 19.90").isEqualByComparingTo("167.10");
        assertThat(creditOnly.creditBonus()).as("5 % of 167.10 = 8.355").isEqualByComparingTo("8.36");

        // a small refund part is used up, the rest comes off the credit
        var smallRefund = settle(List.of(
                        new ReturnItem("L9", "SKU-9", "socks", "apparel", 1, new BigDecimal("5.00")), phone),
                Map.of("L9", line("L9", Resolution.REFUND, "0", Resolution.REFUND, null),
                        "L3", line("L3", Resolution.STORE_CREDIT, "0", Resolution.REFUND, null)),
                buyerPays, "1000.00", "0");
        assertThat(smallRefund.refund().amount()).isEqualByComparingTo("0.00");
        assertThat(smallRefund.credit()).as("199.00 − (31.90 − 5.00)").isEqualByComparingTo("172.10");
    }

    @Test
    void refundAndCreditOfAnOrdersReturnsNeverExceedWhatWasPaid() {
        // the order paid 400.00; its first return credits 300.00 (without the bonus)
        var first = settle(List.of(shoes), Map.of(
                "L2", line("L2", Resolution.STORE_CREDIT, "10", Resolution.REFUND, null)), merchantPays, "400.00", "0");
        assertThat(first.credit()).isEqualByComparingTo("300.00");
        BigDecimal taken = first.refund().amount().add(first.credit());

        // a second return of the order for 100.00 refund + 199.00 credit has 100.00 left: the credit gives way
        var second = settle(List.of(shirt, phone), Map.of(
                        "L1", line("L1", Resolution.REFUND, "0", Resolution.REFUND, null),
                        "L3", line("L3", Resolution.STORE_CREDIT, "10", Resolution.REFUND, null)),
                merchantPays, "400.00", taken.toPlainString());
        assertThat(second.refund().amount()).isEqualByComparingTo("100.00");
        assertThat(second.credit()).isEqualByComparingTo("0.00");
        assertThat(second.creditBonus()).as("no credit, no bonus").isEqualByComparingTo("0.00");

        var squeezed = settle(List.of(shirt, phone), Map.of(
                        "L1", line("L1", Resolution.REFUND, "0", Resolution.REFUND, null),
                        "L3", line("L3", Resolution.STORE_CREDIT, "10", Resolution.REFUND, null)),
                merchantPays, "400.00", "250.00");
        assertThat(squeezed.refund().amount()).isEqualByComparingTo("100.00");
        assertThat(squeezed.credit()).isEqualByComparingTo("50.00");
        assertThat(squeezed.creditBonus()).as("10 % of the 50.00 given").isEqualByComparingTo("5.00");
    }

    @Test
    void theBonusIsRoundedToTheFenOnceOverTheLines() {
        // 3 × 33.33 at 7.5 % = 7.49925 and 1 × 0.07 at 7.5 % = 0.00525: 7.5045 in all, 7.50 (per line: 7.50 + 0.01)
        ReturnItem a = new ReturnItem("A", "SKU-A", "a", "apparel", 3, new BigDecimal("33.33"));
        ReturnItem b = new ReturnItem("B", "SKU-B", "b", "apparel", 1, new BigDecimal("0.07"));
        var s = settle(List.of(a, b), Map.of(
                        "A", line("A", Resolution.STORE_CREDIT, "7.5", Resolution.REFUND, null),
                        "B", line("B", Resolution.STORE_CREDIT, "7.5", Resolution.REFUND, null)),
                merchantPays, "1000.00", "0");
        assertThat(s.credit()).isEqualByComparingTo("100.06");
        assertThat(s.creditBonus()).isEqualTo(new BigDecimal("7.50"));
    }

    @Test
    void anAllRefundReturnIsPricedAsBefore() {
        var s = settle(List.of(shirt, phone), Map.of(), buyerPays, "400.00", "0");
        var plan = pricing.refundPlan(List.of(shirt, phone), buyerPays, new BigDecimal("400.00"), BigDecimal.ZERO,
                RefundTiming.AT_WAREHOUSE_RECEIPT);
        assertThat(s.refund()).isEqualTo(plan);
        assertThat(plan.amount()).isEqualByComparingTo("267.10");
        assertThat(s.credit()).isEqualByComparingTo("0.00");
    }

    @Test
    void afterInspectionEachPartFollowsItsAcceptedPiecesNeverAboveItsPlan() {
        Map<String, LineResolution> lines = Map.of(
                "L1", line("L1", Resolution.EXCHANGE, "0", Resolution.REFUND, "40.00"),
                "L2", line("L2", Resolution.STORE_CREDIT, "10", Resolution.REFUND, null),
                "L3", line("L3", Resolution.REFUND, "0", Resolution.REFUND, null));
        var planned = settle(List.of(shirt, shoes, phone), lines, buyerPays, "1000.00", "0");
        assertThat(planned.refund().amount()).as("199.00 + 2 × 10.00 − 12.00 − 19.90").isEqualByComparingTo("187.10");
        assertThat(planned.credit()).isEqualByComparingTo("300.00");
        assertThat(planned.creditBonus()).isEqualByComparingTo("30.00");

        // one shirt exchanged, the shoes with 60.00 deducted, the phone in full
        Parts after = pricing.afterInspection(planned.parts(), List.of(shirt, shoes, phone), lines, Map.of(
                "L1", new AcceptedLine(1, BigDecimal.ZERO),
                "L2", new AcceptedLine(1, new BigDecimal("60.00")),
                "L3", new AcceptedLine(1, BigDecimal.ZERO)));
        assertThat(after.refund().amount()).as("199.00 + 10.00 − 31.90").isEqualByComparingTo("177.10");
        assertThat(after.credit()).isEqualByComparingTo("240.00");
        assertThat(after.creditBonus()).isEqualByComparingTo("24.00");
        assertThat(after.refund().itemsTotal()).isEqualByComparingTo("549.00");

        // nothing accepted: nothing paid, whatever the plan
        Parts none = pricing.afterInspection(planned.parts(), List.of(shirt, shoes, phone), lines, Map.of());
        assertThat(none.refund().amount()).isEqualByComparingTo("0.00");
        assertThat(none.credit()).isEqualByComparingTo("0.00");
        assertThat(none.creditBonus()).isEqualByComparingTo("0.00");
    }

    @Test
    void inACurrencyWithoutAMinorUnitWhatIsComputedIsRoundedToWholeUnits() {
        ReturnPricing yen = new ReturnPricing(new FreightProperties("JPY", new BigDecimal("1200"),
                new BigDecimal("800"), Set.of(ReturnReason.DEFECTIVE), Map.of("electronics", new BigDecimal("0.105"))));
        ReturnItem sneakers = new ReturnItem("L1", "SKU-1", "sneakers", "shoes", 1, new BigDecimal("995"));
        ReturnItem camera = new ReturnItem("L2", "SKU-2", "camera", "electronics", 1, new BigDecimal("995"));
        Freight buyerPaysInYen = new Freight(new BigDecimal("1200"), "JPY", FreightPayer.BUYER, "flat");

        var credited = yen.settlement(List.of(sneakers), Map.of(
                        "L1", line("L1", Resolution.STORE_CREDIT, "10", Resolution.REFUND, null)),
                new Freight(new BigDecimal("1200"), "JPY", FreightPayer.MERCHANT, "flat"), new BigDecimal("995"),
                BigDecimal.ZERO, RefundTiming.AT_WAREHOUSE_RECEIPT);
        var feeCharged = yen.settlement(List.of(camera), Map.of(), buyerPaysInYen, new BigDecimal("5000"),
                BigDecimal.ZERO, RefundTiming.AT_WAREHOUSE_RECEIPT);

        assertThat(credited.credit()).isEqualByComparingTo("995");
        assertThat(credited.creditBonus()).as("10 % of 995 yen is 99.5: whole yen, half up")
                .isEqualByComparingTo("100");
        assertThat(credited.creditBonus().scale()).isZero();
        assertThat(feeCharged.refund().restockingFee()).as("10.5 % of 995 yen is 104.475").isEqualByComparingTo("104");
        assertThat(pricing.settlement(List.of(shoes), Map.of(
                        "L2", line("L2", Resolution.STORE_CREDIT, "3.3", Resolution.REFUND, null)),
                merchantPays, new BigDecimal("300.00"), BigDecimal.ZERO, RefundTiming.AT_WAREHOUSE_RECEIPT)
                .creditBonus()).as("CNY keeps the fen").isEqualTo(new BigDecimal("9.90"));
    }
}
