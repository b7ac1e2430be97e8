package io.returnflow.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import io.returnflow.returns.CustomerReturn.RefundPlan;
import io.returnflow.returns.FreightProperties;
import io.returnflow.returns.ReturnReason;

/** The refund plan recomputed from an inspection. */
class ReturnPricingInspectionTest {

    final ReturnPricing pricing = new ReturnPricing(new FreightProperties("CNY", new BigDecimal("12.00"),
            new BigDecimal("8.00"), java.util.Set.of(ReturnReason.DEFECTIVE)));

    /** 99.00 of items, the buyer bears 8.00 of freight. */
    final RefundPlan planned = new RefundPlan("AT_WAREHOUSE_RECEIPT", new BigDecimal("99.00"), new BigDecimal("8.00"),
            new BigDecimal("0.00"), new BigDecimal("91.00"));

    @Test
    void theRefundIsTheAcceptedValueLessDeductionsAndFreight() {
        RefundPlan plan = pricing.afterInspection(planned, new BigDecimal("99.00"), new BigDecimal("20.00"));

        assertThat(plan.amount()).isEqualByComparingTo("71.00");
        assertThat(plan.itemsTotal()).isEqualByComparingTo("99.00");
        assertThat(plan.freightDeducted()).isEqualByComparingTo("8.00");
        assertThat(plan.due()).isEqualTo("AT_WAREHOUSE_RECEIPT");
    }

    @Test
    void partOfTheItemsAcceptedRefundsOnlyThem() {
        RefundPlan two = new RefundPlan("AT_WAREHOUSE_RECEIPT", new BigDecimal("198.00"), new BigDecimal("0.00"),
                new BigDecimal("0.00"), new BigDecimal("198.00"));

        RefundPlan plan = pricing.afterInspection(two, new BigDecimal("99.00"), BigDecimal.ZERO);

        assertThat(plan.itemsTotal()).isEqualByComparingTo("99.00");
        assertThat(plan.amount()).isEqualByComparingTo("99.00");
    }

    @Test
    void theRefundIsNeverBelowZero() {
        RefundPlan plan = pricing.afterInspection(planned, new BigDecimal("5.00"), new BigDecimal("5.00"));

        assertThat(plan.amount()).isEqualByComparingTo("0.00");
    }

    @Test
    void theRefundIsNeverAboveWhatTheReturnPlanned() {
        // the order's paid amount had capped the plan at 50.00
        RefundPlan capped = new RefundPlan("AT_WAREHOUSE_RECEIPT", new BigDecimal("99.00"), new BigDecimal("0.00"),
                new BigDecimal("0.00"), new BigDecimal("50.00"));

        RefundPlan plan = pricing.afterInspection(capped, new BigDecimal("99.00"), new BigDecimal("10.00"));

        assertThat(plan.amount()).isEqualByComparingTo("50.00");
    }
}
