package io.returnflow.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.returnflow.pickup.ReturnFixture;
import io.returnflow.returns.FreightProperties;
import io.returnflow.journey.ReturnPricing;
import io.returnflow.returns.ReturnReason;
import io.returnflow.returns.ReturnStatus;

/**
 * Routing to an inspector (by the real inspection-routing decision, deployed to a process engine),
 * and what an inspection changes, on the real tables.
 */
@Deployment(resources = "processes/inspection-routing.dmn")
class InspectionServiceTest {

    @RegisterExtension
    static final ProcessEngineExtension engine = ProcessEngineExtension.builder()
            .configurationResource("camunda.cfg.xml")
            .build();

    final ReturnFixture f = new ReturnFixture();
    final InspectionResults results = new InspectionResults(f.db.jdbc());
    InspectionService inspections;

    @BeforeEach
    void aReturnAtTheWarehouse() {
        inspections = new InspectionService(f.returns, results, new ReturnPricing(new FreightProperties("CNY",
                new BigDecimal("12.00"), new BigDecimal("8.00"), Set.of(ReturnReason.DEFECTIVE))), f.progress,
                f.clock);
        f.homePickup("R-INSP1");   // DEFECTIVE, 99.00
    }

    void itemsWorth(String itemsTotal) {
        f.db.jdbc().sql("update returns set items_total = :total where id = 'R-INSP1'")
                .param("total", new BigDecimal(itemsTotal)).update();
    }

    @Test
    void aParcelWaitingForAnInspectorIsInspecting() {
        itemsWorth("500.01");

        inspections.awaitInspector("R-INSP1");

        assertThat(f.returns.get("R-INSP1").status()).isEqualTo(ReturnStatus.INSPECTING);
        assertThat(f.timelineTypes("R-INSP1")).endsWith("INSPECTION_REQUIRED");
        assertThat(f.timeline.list("R-INSP1")).last().satisfies(e -> assertThat(e.detail())
                .contains("worth 500.01 CNY").contains("DEFECTIVE"));
    }

    @Test
    void anInspectionIsStoredAndTheRefundPlannedFromIt() throws Exception {
        ArrayNode rows = (ArrayNode) new ObjectMapper().readTree(inspections.blankSheet("R-INSP1"));
        ((ObjectNode) rows.get(0)).put("condition", "DAMAGED").put("deduction", "20").put("deductionReason", "stained");
        InspectionSheet.Verdict verdict = inspections.check("R-INSP1", "PARTIAL", rows.toString());

        inspections.record("R-INSP1", verdict, "inspector");

        var r = f.returns.get("R-INSP1");
        assertThat(r.refundPlan().itemsTotal()).isEqualByComparingTo("99.00");
        assertThat(r.refundPlan().amount()).isEqualByComparingTo("79.00");   // the merchant bears the freight
        assertThat(f.returns.inspectionDeductions("R-INSP1")).hasValueSatisfying(d -> assertThat(d)
                .isEqualByComparingTo("20.00"));
        List<InspectionResults.Result> stored = results.of("R-INSP1");
        assertThat(stored).singleElement().satisfies(res -> {
            assertThat(res.condition()).isEqualTo("DAMAGED");
            assertThat(res.acceptedQuantity()).isEqualTo(1);
            assertThat(res.outcome()).isEqualTo(InspectionOutcome.PARTIAL);
            assertThat(res.inspectedBy()).isEqualTo("inspector");
        });
        assertThat(f.timeline.list("R-INSP1")).last().satisfies(e -> {
            assertThat(e.type()).isEqualTo("INSPECTED");
            assertThat(e.actor()).isEqualTo("inspector");
            assertThat(e.detail()).contains("20.00 CNY deducted (stained)").contains("Refund 79.00");
        });

        // recorded again (a step run twice): still one result per line
        inspections.record("R-INSP1", verdict, "inspector");
        assertThat(results.of("R-INSP1")).hasSize(1);
    }

    @Test
    void aReturnNotInspectedHasNoDeductions() {
        assertThat(f.returns.inspectionDeductions("R-INSP1")).isEmpty();
    }

    @Test
    void aRejectionEndsTheReturnWithTheInspectorsReasonsAndNothingToRefund() throws Exception {
        ArrayNode rows = (ArrayNode) new ObjectMapper().readTree(inspections.blankSheet("R-INSP1"));
        ((ObjectNode) rows.get(0)).put("condition", "USED").put("acceptedQuantity", 0)
                .put("deductionReason", "not the item we sold");
        inspections.record("R-INSP1", inspections.check("R-INSP1", "REJECT", rows.toString()), "inspector");

        inspections.reject("R-INSP1", "inspector");

        var r = f.returns.get("R-INSP1");
        assertThat(r.status()).isEqualTo(ReturnStatus.REJECTED);
        assertThat(r.refundPlan().amount()).isEqualByComparingTo("0.00");
        assertThat(r.rejectionReasons()).containsExactly("L1: USED, not the item we sold");
        assertThat(f.returns.claimedLines(r.orderId(), List.of("L1"))).isEmpty();
    }
}
