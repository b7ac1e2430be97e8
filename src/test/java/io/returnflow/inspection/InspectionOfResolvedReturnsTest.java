package io.returnflow.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.returnflow.journey.ReturnPricing;
import io.returnflow.pickup.ReturnFixture;
import io.returnflow.platform.ApiProblem;
import io.returnflow.returns.FreightProperties;
import io.returnflow.returns.LineResolution;
import io.returnflow.returns.Resolution;
import io.returnflow.returns.ResolutionPolicy;
import io.returnflow.returns.ReturnReason;
import io.returnflow.returns.ReturnRepository;

/** What an inspection changes of a return whose line is credited or exchanged, on the real tables. */
class InspectionOfResolvedReturnsTest {

    final ReturnFixture f = new ReturnFixture();
    final InspectionService inspections = new InspectionService(f.returns, new InspectionResults(f.db.jdbc()),
            new ReturnPricing(new FreightProperties("CNY", new BigDecimal("12.00"), new BigDecimal("8.00"),
                    Set.of(ReturnReason.DEFECTIVE))), f.progress, f.clock);

    @BeforeEach
    void aReturnAtTheWarehouse() {
        f.homePickup("R-INSP2");   // DEFECTIVE, 1 × 99.00, the merchant bears the freight
    }

    void resolve(Resolution resolution, LineResolution.Replacement to) {
        f.returns.updateResolution("R-INSP2", new LineResolution("L1", resolution, to, new BigDecimal("10"),
                Resolution.REFUND, ResolutionPolicy.Fallback.REFUND, "test", false));
    }

    ArrayNode sheet() throws Exception {
        ArrayNode rows = (ArrayNode) new ObjectMapper().readTree(inspections.blankSheet("R-INSP2"));
        ((ObjectNode) rows.get(0)).put("condition", "DAMAGED");
        return rows;
    }

    @Test
    void aCreditedLinesDeductionReducesTheCreditAndItsBonus() throws Exception {
        resolve(Resolution.STORE_CREDIT, null);
        var planned = f.returns.get("R-INSP2").refundPlan();
        f.returns.updateSettlement("R-INSP2", new io.returnflow.returns.CustomerReturn.RefundPlan(planned.due(),
                planned.itemsTotal(), planned.freightDeducted(), planned.restockingFee(), BigDecimal.ZERO),
                new BigDecimal("99.00"), new BigDecimal("9.90"), java.time.OffsetDateTime.now(f.clock));
        ArrayNode rows = sheet();
        ((ObjectNode) rows.get(0)).put("deduction", "20").put("deductionReason", "stained");

        inspections.record("R-INSP2", inspections.check("R-INSP2", "PARTIAL", rows.toString()), "inspector");

        assertThat(f.returns.get("R-INSP2").refundPlan().amount()).isEqualByComparingTo("0.00");
        assertThat(f.returns.plannedCredit("R-INSP2")).isEqualTo(new ReturnRepository.PlannedCredit(
                new BigDecimal("79.00"), new BigDecimal("7.90"), false));
        assertThat(f.timeline.list("R-INSP2")).last().satisfies(e -> assertThat(e.detail())
                .contains("store credit 79.00 CNY + bonus 7.90"));
    }

    @Test
    void anExchangedLineIsRefusedADeductionNamingTheFormsField() throws Exception {
        resolve(Resolution.EXCHANGE, new LineResolution.Replacement("SKU-1-L", "T 恤 L", new BigDecimal("99.00")));
        ArrayNode rows = sheet();
        ((ObjectNode) rows.get(0)).put("deduction", "20").put("deductionReason", "stained");

        InvalidInspection refused = catchThrowableOfType(
                () -> inspections.check("R-INSP2", "PARTIAL", rows.toString()), InvalidInspection.class);

        assertThat(refused.errors()).extracting(ApiProblem.FieldError::field)
                .containsExactly("inspectionItems[0].deduction");
    }
}
