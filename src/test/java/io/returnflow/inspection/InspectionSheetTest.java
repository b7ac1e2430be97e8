package io.returnflow.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.returnflow.platform.ApiProblem;
import io.returnflow.returns.ReturnItem;

/** The server's rules for a submitted inspection. */
class InspectionSheetTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A T-shirt (1 × 99.00) and two mugs (2 × 30.00). */
    final List<ReturnItem> items = List.of(
            new ReturnItem("L1", "SKU-1", "T 恤", "apparel", 1, new BigDecimal("99.00")),
            new ReturnItem("L2", "SKU-2", "Mug", "kitchen", 2, new BigDecimal("30.00")));

    ArrayNode rows;

    @BeforeEach
    void startFromTheBlankSheet() throws Exception {
        rows = (ArrayNode) JSON.readTree(InspectionSheet.blank(items));
        row(0).put("condition", "NEW");
        row(1).put("condition", "NEW");
    }

    ObjectNode row(int i) {
        return (ObjectNode) rows.get(i);
    }

    InvalidInspection refused(String outcome) {
        return catchThrowableOfType(() -> InspectionSheet.check(items, outcome, rows.toString()),
                InvalidInspection.class);
    }

    @Test
    void theBlankSheetListsEveryLineAcceptedInFullWithoutACondition() throws Exception {
        ArrayNode blank = (ArrayNode) JSON.readTree(InspectionSheet.blank(items));

        assertThat(blank).hasSize(2);
        assertThat(blank.get(1).path("lineId").asText()).isEqualTo("L2");
        assertThat(blank.get(1).path("quantity").asInt()).isEqualTo(2);
        assertThat(blank.get(1).path("acceptedQuantity").asInt()).isEqualTo(2);
        assertThat(blank.get(1).path("unitPrice").decimalValue()).isEqualByComparingTo("30.00");
        assertThat(blank.get(1).path("deduction").decimalValue()).isEqualByComparingTo("0");
        assertThat(blank.get(1).path("condition").isNull()).isTrue();
    }

    @Test
    void everythingAcceptedInFullIsAnAccept() {
        InspectionSheet.Verdict verdict = InspectionSheet.check(items, "ACCEPT", rows.toString());

        assertThat(verdict.outcome()).isEqualTo(InspectionOutcome.ACCEPT);
        assertThat(verdict.lines()).extracting(InspectionLine::acceptedQuantity).containsExactly(1, 2);
    }

    @Test
    void aPartialInspectionKeepsTheInspectorsFindings() {
        row(0).put("condition", "damaged").put("deduction", 20.00).put("deductionReason", "stained");
        row(1).put("acceptedQuantity", 1).put("deductionReason", "one mug missing");

        InspectionSheet.Verdict verdict = InspectionSheet.check(items, "PARTIAL", rows.toString());

        InspectionLine shirt = verdict.lines().get(0);
        assertThat(shirt.condition()).isEqualTo("DAMAGED");
        assertThat(shirt.deduction()).isEqualByComparingTo("20.00");
        assertThat(shirt.deductionReason()).isEqualTo("stained");
        assertThat(verdict.lines().get(1).acceptedQuantity()).isEqualTo(1);
    }

    @Test
    void aDeductionAboveTheItemValueIsRefused() {
        row(0).put("condition", "DAMAGED").put("deduction", 150.00).put("deductionReason", "stained");

        assertThat(refused("PARTIAL").getMessage())
                .contains("line L1 (T 恤): the deduction 150.00 is above the value of the accepted items (1 × 99.00 = 99.00)");
    }

    @Test
    void theDeductionIsMeasuredAgainstTheAcceptedPiecesOnly() {
        row(1).put("acceptedQuantity", 1).put("deduction", "30.01").put("deductionReason", "chipped");

        assertThat(refused("PARTIAL").getMessage()).contains("line L2 (Mug): the deduction 30.01 is above");
    }

    @Test
    void aDeductionAtTheItemValueIsAllowed() {
        row(0).put("deduction", "99.00").put("deductionReason", "unsellable");

        assertThat(InspectionSheet.check(items, "PARTIAL", rows.toString()).lines().get(0).deduction())
                .isEqualByComparingTo("99.00");
    }

    @Test
    void aNegativeDeductionOrFractionsOfAFenAreRefused() {
        row(0).put("deduction", -1).put("deductionReason", "x");
        row(1).put("deduction", "0.005").put("deductionReason", "x");

        assertThat(refused("PARTIAL").problems()).containsExactly(
                "line L1 (T 恤): the deduction cannot be negative",
                "line L2 (Mug): the deduction 0.005 has fractions of a fen");
    }

    @Test
    void aDeductionNeedsAReason() {
        row(0).put("deduction", 10);

        assertThat(refused("PARTIAL").problems()).containsExactly(
                "line L1 (T 恤): say why 10.00 is deducted (deductionReason)");
    }

    @Test
    void moreThanWasReturnedCannotBeAccepted() {
        row(1).put("acceptedQuantity", 3);

        assertThat(refused("ACCEPT").problems()).containsExactly(
                "line L2 (Mug): the accepted quantity 3 is more than the 2 returned");
    }

    @Test
    void aNegativeOrFractionalQuantityIsRefused() {
        row(0).put("acceptedQuantity", -1);
        row(1).put("acceptedQuantity", 1.5);

        assertThat(refused("PARTIAL").problems()).containsExactly(
                "line L1 (T 恤): the accepted quantity cannot be negative",
                "line L2 (Mug): the accepted quantity must be a whole number from 0 to 2");
    }

    @Test
    void theConditionMustBeChosenFromTheList() {
        row(0).putNull("condition");
        row(1).put("condition", "SHINY");

        assertThat(refused("ACCEPT").problems()).containsExactly(
                "line L1 (T 恤): choose its condition (NEW, USED, DAMAGED)",
                "line L2 (Mug): choose its condition (NEW, USED, DAMAGED), not 'SHINY'");
    }

    @Test
    void theBlankSheetRestocksEveryLineAndTheVerdictKeepsEachLinesDisposition() throws Exception {
        ArrayNode blank = (ArrayNode) JSON.readTree(InspectionSheet.blank(items));
        assertThat(blank).extracting(row -> row.path("disposition").asText()).containsExactly("RESTOCK", "RESTOCK");

        row(1).put("disposition", "return_to_vendor");
        InspectionSheet.Verdict verdict = InspectionSheet.check(items, "ACCEPT", rows.toString());

        assertThat(verdict.lines()).extracting(InspectionLine::disposition)
                .containsExactly("RESTOCK", "RETURN_TO_VENDOR");
    }

    @Test
    void everyLineNeedsADispositionFromTheList() {
        row(0).remove("disposition");
        row(1).put("disposition", "SELL_ON_EBAY");

        InvalidInspection refused = refused("ACCEPT");

        assertThat(refused.errors()).extracting(ApiProblem.FieldError::field, ApiProblem.FieldError::message)
                .containsExactly(
                        tuple("inspectionItems[0].disposition", "line L1 (T 恤): choose what the warehouse does with"
                                + " it (RESTOCK, REFURBISH, DISPOSE, RETURN_TO_VENDOR)"),
                        tuple("inspectionItems[1].disposition", "line L2 (Mug): choose what the warehouse does with"
                                + " it (RESTOCK, REFURBISH, DISPOSE, RETURN_TO_VENDOR), not 'SELL_ON_EBAY'"));
    }

    @Test
    void aRejectedLineNeedsItsDispositionToo() {
        row(0).put("acceptedQuantity", 0).put("deductionReason", "not ours").putNull("disposition");
        row(1).put("acceptedQuantity", 0).put("deductionReason", "not ours").put("disposition", "DISPOSE");

        assertThat(refused("REJECT").errors()).extracting(ApiProblem.FieldError::field)
                .containsExactly("inspectionItems[0].disposition");
    }

    @Test
    void everyReturnedLineExactlyOnceAndNoOther() {
        rows.remove(1);
        rows.add(rows.get(0).deepCopy());
        ((ObjectNode) rows.addObject()).put("lineId", "L9");

        assertThat(refused("ACCEPT").problems()).containsExactly(
                "line L1 (T 恤) appears twice",
                "line 'L9' is not part of this return",
                "line L2 (Mug) is missing from the inspection");
    }

    @Test
    void theStoredPriceCountsNotTheSubmittedOne() {
        row(0).put("unitPrice", 10_000).put("deduction", 150).put("deductionReason", "stained");

        assertThat(refused("PARTIAL").getMessage()).contains("above the value of the accepted items (1 × 99.00");
    }

    @Test
    void anAcceptTakesEverythingWithoutDeduction() {
        row(1).put("acceptedQuantity", 1);

        assertThat(refused("ACCEPT").problems()).singleElement().asString().startsWith("ACCEPT takes every item");
    }

    @Test
    void aRejectTakesNothingAndSaysWhy() {
        // every problem at once: the missing reasons and the quantities that contradict the outcome
        assertThat(refused("REJECT").problems()).containsExactly(
                "line L1 (T 恤): say why it is rejected (deductionReason)",
                "line L2 (Mug): say why it is rejected (deductionReason)",
                "REJECT takes nothing back: set every accepted quantity to 0, or choose PARTIAL");
        row(0).put("deductionReason", "not our product");
        row(1).put("deductionReason", "not our product");
        assertThat(refused("REJECT").problems()).containsExactly(
                "REJECT takes nothing back: set every accepted quantity to 0, or choose PARTIAL");

        row(0).put("acceptedQuantity", 0).put("deductionReason", "not our product");
        row(1).put("acceptedQuantity", 0).put("deductionReason", "not our product");
        assertThat(InspectionSheet.check(items, "REJECT", rows.toString()).outcome()).isEqualTo(InspectionOutcome.REJECT);
    }

    @Test
    void aPartialLiesBetweenAcceptAndReject() {
        assertThat(refused("PARTIAL").problems()).singleElement().asString().contains("choose ACCEPT");

        row(0).put("acceptedQuantity", 0).put("deductionReason", "x");
        row(1).put("acceptedQuantity", 0).put("deductionReason", "x");
        assertThat(refused("PARTIAL").problems()).singleElement().asString().contains("choose REJECT");
    }

    @Test
    void theOutcomeAndTheRowsMustBeThere() {
        assertThat(catchThrowableOfType(() -> InspectionSheet.check(items, null, null), InvalidInspection.class)
                .problems()).containsExactly(
                "choose the outcome (inspectionOutcome): ACCEPT, PARTIAL or REJECT",
                "the inspected items (inspectionItems) are missing",
                "line L1 (T 恤) is missing from the inspection",
                "line L2 (Mug) is missing from the inspection");
        assertThat(catchThrowableOfType(() -> InspectionSheet.check(items, "MAYBE", "{nope"), InvalidInspection.class)
                .problems()).contains("choose the outcome (inspectionOutcome): ACCEPT, PARTIAL or REJECT, not 'MAYBE'",
                "the inspected items (inspectionItems) are not valid JSON");
    }

    @Test
    void everyProblemIsNamedAtOnceWithItsField() {
        // the testers' submission: a quantity above what was returned hid the deduction above the value
        row(0).put("condition", "DAMAGED").put("deduction", 150.00).put("deductionReason", "stained");
        row(1).put("acceptedQuantity", 3).put("deduction", 70).put("deductionReason", "chipped").putNull("condition");

        InvalidInspection refused = refused("PARTIAL");

        assertThat(refused.errors()).extracting(ApiProblem.FieldError::field, ApiProblem.FieldError::message)
                .containsExactly(
                        tuple("inspectionItems[0].deduction", "line L1 (T 恤): the deduction 150.00 is above the value"
                                + " of the accepted items (1 × 99.00 = 99.00)"),
                        tuple("inspectionItems[1].condition", "line L2 (Mug): choose its condition (NEW, USED, DAMAGED)"),
                        tuple("inspectionItems[1].acceptedQuantity",
                                "line L2 (Mug): the accepted quantity 3 is more than the 2 returned"),
                        tuple("inspectionItems[1].deduction", "line L2 (Mug): the deduction 70.00 is above the value"
                                + " of the returned items (2 × 30.00 = 60.00)"));
    }

    @Test
    void anOutcomeThatContradictsTheLinesIsNamedWithTheLinesProblems() {
        row(0).put("condition", "DAMAGED").put("deduction", 150.00).put("deductionReason", "stained");

        assertThat(refused("ACCEPT").errors()).extracting(ApiProblem.FieldError::field).containsExactly(
                "inspectionItems[0].deduction", "inspectionOutcome");
    }

    @Test
    void anEmptiedDeductionMeansNothingDeducted() {
        row(0).putNull("deduction");

        assertThat(InspectionSheet.check(items, "ACCEPT", rows.toString()).lines().get(0).deduction())
                .isEqualByComparingTo("0");
    }
}
