package io.returnflow.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.returnflow.returns.CustomerReturn.Freight;
import io.returnflow.returns.CustomerReturn.RefundPlan;
import io.returnflow.returns.FreightProperties;
import io.returnflow.returns.RefundTiming;
import io.returnflow.returns.ReturnItem;
import io.returnflow.returns.ReturnMethod;
import io.returnflow.returns.ReturnReason;

/** The refund planned when a return is accepted: items − freight the buyer bears − restocking fee. */
class ReturnPricingTest {

    final ReturnPricing pricing = new ReturnPricing(new FreightProperties("CNY", new BigDecimal("12.00"),
            new BigDecimal("8.00"), Set.of(ReturnReason.DEFECTIVE), Map.of("electronics", new BigDecimal("0.10"))));

    final List<ReturnItem> items = List.of(
            new ReturnItem("L1", "SKU-1", "earphones", "electronics", 1, new BigDecimal("199.00")),
            new ReturnItem("L2", "SKU-2", "T-shirt", "apparel", 2, new BigDecimal("50.00")));

    @Test
    void aBuyersOwnReasonBearsFreightAndTheRestockingFeeOfItsCategories() {
        Freight freight = pricing.freight(ReturnMethod.HOME_PICKUP, ReturnReason.CHANGED_MIND, "CNY");

        RefundPlan plan = pricing.refundPlan(items, freight, new BigDecimal("400.00"), BigDecimal.ZERO, RefundTiming.AT_WAREHOUSE_RECEIPT);

        assertThat(plan.itemsTotal()).isEqualByComparingTo("299.00");
        assertThat(plan.freightDeducted()).isEqualByComparingTo("12.00");
        assertThat(plan.restockingFee()).as("10% of the electronics only").isEqualByComparingTo("19.90");
        assertThat(plan.amount()).isEqualByComparingTo("267.10");
    }

    @Test
    void aDefectRefundsInFull() {
        Freight freight = pricing.freight(ReturnMethod.HOME_PICKUP, ReturnReason.DEFECTIVE, "CNY");

        RefundPlan plan = pricing.refundPlan(items, freight, new BigDecimal("400.00"), BigDecimal.ZERO, RefundTiming.AT_WAREHOUSE_RECEIPT);

        assertThat(plan.freightDeducted()).isEqualByComparingTo("0.00");
        assertThat(plan.restockingFee()).isEqualByComparingTo("0.00");
        assertThat(plan.amount()).isEqualByComparingTo("299.00");
    }

    @Test
    void neverMoreThanWhatIsLeftOfThePaymentAndNeverBelowZero() {
        Freight freight = pricing.freight(ReturnMethod.HOME_PICKUP, ReturnReason.DEFECTIVE, "CNY");

        assertThat(pricing.refundPlan(items, freight, new BigDecimal("400.00"), new BigDecimal("350.00"), RefundTiming.AT_WAREHOUSE_RECEIPT).amount())
                .isEqualByComparingTo("50.00");
        assertThat(pricing.refundPlan(items, freight, new BigDecimal("400.00"), new BigDecimal("450.00"), RefundTiming.AT_WAREHOUSE_RECEIPT).amount())
                .isEqualByComparingTo("0.00");
    }
}
