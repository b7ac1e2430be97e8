package io.returnflow.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Set;

import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.returnflow.returns.CustomerReturn.FreightPayer;
import io.returnflow.journey.ReturnPricing;

/**
 * The freight payer through the real decision deployed to a process engine: inputs normalised,
 * money passed as BigDecimal, and the pricing asking the table instead of the configured reasons.
 */
@Deployment(resources = "processes/freight-payer.dmn")
class FreightPayerPolicyTest {

    @RegisterExtension
    static final ProcessEngineExtension engine = ProcessEngineExtension.builder()
            .configurationResource("camunda.cfg.xml")
            .build();

    private FreightPayerPolicy policy;

    @BeforeEach
    void createPolicy() {
        policy = new FreightPayerPolicy(engine.getDecisionService());
    }

    @Test
    void theTableDecidesWithItsRuleName() {
        assertThat(policy.decide(ReturnReason.DEFECTIVE, "STANDARD", new BigDecimal("99.00")))
                .isEqualTo(new FreightPayerPolicy.Decision(FreightPayer.MERCHANT, "defect-free-return"));
        assertThat(policy.decide(ReturnReason.CHANGED_MIND, " vip ", new BigDecimal("99.00")))
                .isEqualTo(new FreightPayerPolicy.Decision(FreightPayer.MERCHANT, "vip-free-return"));
        assertThat(policy.decide(ReturnReason.SIZE_FIT, null, new BigDecimal("299.00")))
                .isEqualTo(new FreightPayerPolicy.Decision(FreightPayer.MERCHANT, "free-return-over-299"));
        assertThat(policy.decide(ReturnReason.CHANGED_MIND, null, new BigDecimal("298.99")))
                .isEqualTo(new FreightPayerPolicy.Decision(FreightPayer.BUYER, "buyer-pays"));
    }

    @Test
    void pricingAsksTheTableNotTheConfiguredReasons() {
        // configured: the merchant pays for nothing; the table still makes it pay for a wrong item
        ReturnPricing pricing = new ReturnPricing(new FreightProperties("CNY", new BigDecimal("12.00"),
                new BigDecimal("8.00"), Set.of()), null, null, policy);

        assertThat(pricing.freight(ReturnMethod.HOME_PICKUP, ReturnReason.WRONG_ITEM, "CNY").payer())
                .isEqualTo(FreightPayer.MERCHANT);
        assertThat(pricing.freight(ReturnMethod.STORE_DROPOFF, ReturnReason.CHANGED_MIND, "CNY").payer())
                .isEqualTo(FreightPayer.BUYER);
    }
}
