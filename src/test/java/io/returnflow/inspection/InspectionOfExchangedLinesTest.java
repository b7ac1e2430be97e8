package io.returnflow.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import io.returnflow.platform.ApiProblem;
import io.returnflow.returns.ReturnItem;

/** An exchanged line is inspected by the pieces accepted, never by a deduction: the buyer gets no money from it. */
class InspectionOfExchangedLinesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Two T-shirts exchanged for another size (L1), a mug refunded (L2). */
    final List<ReturnItem> items = List.of(
            new ReturnItem("L1", "SKU-1", "T 恤", "apparel", 2, new BigDecimal("99.00")),
            new ReturnItem("L2", "SKU-2", "Mug", "kitchen", 1, new BigDecimal("30.00")));

    ArrayNode rows() throws Exception {
        ArrayNode rows = (ArrayNode) JSON.readTree(InspectionSheet.blank(items));
        rows.forEach(row -> ((ObjectNode) row).put("condition", "USED"));
        return rows;
    }

    @Test
    void aDeductionOnAnExchangedLineIsRefusedNamingItsField() throws Exception {
        ArrayNode rows = rows();
        ((ObjectNode) rows.get(0)).put("deduction", "10.00").put("deductionReason", "worn");

        InvalidInspection refused = catchThrowableOfType(() -> InspectionSheet.check(items, Set.of("L1"), "PARTIAL",
                rows.toString()), InvalidInspection.class);

        assertThat(refused.errors()).extracting(ApiProblem.FieldError::field)
                .containsExactly("inspectionItems[0].deduction");
        assertThat(refused.problems().get(0)).contains("accept fewer pieces instead");
        // the same deduction on a line that is not exchanged stands
        assertThat(InspectionSheet.check(items, Set.of("L2"), "PARTIAL", rows.toString()).lines().get(0).deduction())
                .isEqualByComparingTo("10.00");
    }

    @Test
    void anExchangedLineIsInspectedByThePiecesAccepted() throws Exception {
        ArrayNode rows = rows();
        ((ObjectNode) rows.get(0)).put("acceptedQuantity", 1).put("deductionReason", "one shirt torn");
        ((ObjectNode) rows.get(1)).put("deduction", "5.00").put("deductionReason", "chipped");

        InspectionSheet.Verdict verdict = InspectionSheet.check(items, Set.of("L1"), "PARTIAL", rows.toString());

        assertThat(verdict.lines()).extracting(InspectionLine::acceptedQuantity).containsExactly(1, 1);
        assertThat(verdict.lines().get(1).deduction()).isEqualByComparingTo("5.00");
    }
}
