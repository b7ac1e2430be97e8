package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.returnflow.support.ProductionRetryCycles;

/** The diagrams' retry time cycles come from configuration: production's as before, the local run's short. */
class RetryCyclesTest {

    @Test
    void productionRetriesAsLongAsAProviderNeeds() {
        RetryCycles production = new RetryCycles(ProductionRetryCycles.properties("application-postgres.yaml"));

        assertThat(production.pickup()).isEqualTo("R5/PT30S");
        assertThat(production.joinStoreShipment()).isEqualTo("R5/PT30S");
        assertThat(production.refundAtHandOver()).isEqualTo("R3/PT30S");
        assertThat(production.refund()).isEqualTo("R5/PT1M");
        assertThat(production.closeShipment()).isEqualTo("R5/PT30S");
        assertThat(production.storePickup()).isEqualTo("R5/PT1M");
        assertThat(production.shipmentReceipt()).isEqualTo("R10/PT30S");
    }

    @Test
    void theLocalRunTriesAsOftenWithinSeconds() {
        RetryCycles local = new RetryCycles(ProductionRetryCycles.properties("application.yaml"));

        assertThat(local.refund()).isEqualTo("R5/PT5S");
        assertThat(local.refundAtHandOver()).isEqualTo("R3/PT5S");
        assertThat(local.shipmentReceipt()).isEqualTo("R10/PT5S");
    }

    @Test
    void aCycleTheEngineCouldNotReadIsRefusedAtStart() {
        assertThatThrownBy(() -> cycles("PT1M")).hasMessageContaining("returnflow.retry-cycles.refund");
        assertThatThrownBy(() -> cycles("R0/PT1M")).hasMessageContaining("R<tries>/");
        assertThatThrownBy(() -> cycles("R5/PT1Q")).hasMessageContaining("ISO-8601 duration");
        assertThatThrownBy(() -> cycles(null)).hasMessageContaining("returnflow.retry-cycles.refund");
        assertThat(new RetryCycles(cycles(" R2/PT0S ")).refund()).isEqualTo("R2/PT0S");
    }

    private static RetryCycleProperties cycles(String refund) {
        return new RetryCycleProperties("R5/PT30S", "R5/PT30S", "R3/PT30S", refund, "R5/PT30S", "R5/PT1M", "R10/PT30S");
    }
}
