package io.returnflow.inspection;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.returnflow.returns.Disposition;
import io.returnflow.returns.ReturnItem;
import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.Money;

/**
 * The inspection form's rows ({@code inspectionItems}, JSON) and the server's rules for them. What was
 * returned and what it cost come from the return's own items, never from the submitted rows: a
 * form does not restrict what a submit sends.
 *
 * <p>Rules: every returned line exactly once; an accepted quantity from 0 to the returned quantity;
 * a deduction from 0 to the accepted pieces' value (unit price × accepted quantity), in whole fen, with
 * a reason when above 0; a condition of {@link InspectionLine.Condition}; a {@link Disposition} (whatever the
 * outcome: a rejected line is in the warehouse too); and an outcome that matches the
 * lines: ACCEPT takes everything without deduction, REJECT takes nothing and says why for each line,
 * PARTIAL lies in between.
 */
final class InspectionSheet {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Matches {@code inspection_results.deduction_reason}. */
    static final int REASON_LENGTH = 500;

    private InspectionSheet() {
    }

    /**
     * The rows an inspector starts from: every item accepted in full, nothing deducted, restocked, condition to
     * choose.
     */
    public static String blank(List<ReturnItem> items) {
        ArrayNode rows = JSON.createArrayNode();
        for (ReturnItem item : items) {
            ObjectNode row = rows.addObject();
            row.put("lineId", item.lineId());
            row.put("name", item.name());
            row.put("quantity", item.quantity());
            row.put("unitPrice", Money.of(item.unitPrice()));
            row.putNull("condition");
            row.put("acceptedQuantity", item.quantity());
            row.put("deduction", Money.of(BigDecimal.ZERO));
            row.putNull("deductionReason");
            row.put("disposition", Disposition.RESTOCK.name());
        }
        return rows.toString();
    }

    /** The rows as JSON, for the process variable that carries them to "Record inspection". */
    public static String toJson(List<InspectionLine> lines) {
        try {
            return JSON.writeValueAsString(lines);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write inspection lines", e);
        }
    }

    /**
     * Checks a submitted inspection against the returned items, and names every problem at once: each with
     * the form field at fault ({@code inspectionOutcome}, {@code inspectionItems[1].deduction}).
     *
     * @param submittedRows the JSON array the form submitted
     * @param outcome       the submitted {@code inspectionOutcome}
     * @throws InvalidInspection naming every problem found
     */
    public static Verdict check(List<ReturnItem> items, Object outcome, String submittedRows) {
        return check(items, Set.of(), outcome, submittedRows);
    }

    /**
     * The same, for a return that exchanges some lines: an exchanged line takes no deduction (the buyer gets the
     * replacement, not money from which to deduct), the inspector accepts fewer pieces instead.
     *
     * @param exchangedLines the ids of the lines settled by an exchange
     */
    public static Verdict check(List<ReturnItem> items, Set<String> exchangedLines, Object outcome,
                                String submittedRows) {
        Problems problems = new Problems();
        InspectionOutcome verdict = outcome(outcome, problems);
        JsonNode rows = parse(submittedRows, problems);
        Map<String, ReturnItem> returned = new LinkedHashMap<>();
        items.forEach(item -> returned.put(item.lineId(), item));
        Map<String, InspectionLine> lines = new LinkedHashMap<>();
        if (rows != null) {
            for (int i = 0; i < rows.size(); i++) {
                JsonNode row = rows.get(i);
                String field = InspectionVariables.ITEMS + "[" + i + "]";
                String lineId = text(row, "lineId");
                ReturnItem item = lineId == null ? null : returned.get(lineId);
                if (item == null) {
                    problems.add(field + ".lineId", "line '" + lineId + "' is not part of this return");
                } else if (lines.containsKey(lineId)) {
                    problems.add(field + ".lineId", label(item) + " appears twice");
                } else {
                    InspectionLine line = line(item, row, field, verdict, problems);
                    lines.put(lineId, line);
                    if (exchangedLines.contains(lineId) && line.deduction() != null && line.deduction().signum() > 0) {
                        problems.add(field + ".deduction", label(item) + ": an exchanged line takes no deduction; "
                                + "accept fewer pieces instead");
                    }
                }
            }
        }
        returned.values().stream().filter(item -> !lines.containsKey(item.lineId()))
                .forEach(item -> problems.add(InspectionVariables.ITEMS,
                        label(item) + " is missing from the inspection"));
        // the outcome is measured against the lines whenever their quantities and amounts can be read,
        // so that a person learns about it together with the other problems, not after fixing them
        // (amounts are only checked per line, so no amount problem means every line's can be read)
        if (problems.amountProblems == 0 && lines.size() == returned.size()) {
            checkOutcome(verdict, items, lines, problems);
        }
        if (!problems.errors.isEmpty()) {
            throw new InvalidInspection(problems.errors);
        }
        List<InspectionLine> ordered = items.stream().map(item -> lines.get(item.lineId())).toList();
        return new Verdict(verdict, ordered);
    }

    private static InspectionLine line(ReturnItem item, JsonNode row, String field, InspectionOutcome verdict,
                                       Problems problems) {
        String label = label(item);
        String condition = text(row, "condition");
        if (condition == null || Arrays.stream(InspectionLine.Condition.values())
                .noneMatch(c -> c.name().equals(condition.toUpperCase(Locale.ROOT)))) {
            problems.add(field + ".condition", label + ": choose its condition ("
                    + Arrays.stream(InspectionLine.Condition.values()).map(Enum::name).collect(Collectors.joining(", "))
                    + ")"
                    + (condition == null ? "" : ", not '" + condition + "'"));
        }
        Integer accepted = wholeNumber(row.get("acceptedQuantity"));
        boolean acceptedValid = false;
        if (accepted == null) {
            problems.addAmount(field + ".acceptedQuantity", label
                    + ": the accepted quantity must be a whole number from 0 to " + item.quantity());
        } else if (accepted < 0) {
            problems.addAmount(field + ".acceptedQuantity", label + ": the accepted quantity cannot be negative");
        } else if (accepted > item.quantity()) {
            problems.addAmount(field + ".acceptedQuantity", label + ": the accepted quantity " + accepted
                    + " is more than the " + item.quantity() + " returned");
        } else {
            acceptedValid = true;
        }
        // an emptied amount field means nothing is deducted
        BigDecimal deduction = row.hasNonNull("deduction") ? amount(row.get("deduction")) : BigDecimal.ZERO;
        if (deduction == null) {
            problems.addAmount(field + ".deduction", label
                    + ": the deduction must be an amount (0 when nothing is deducted)");
        } else if (deduction.signum() < 0) {
            problems.addAmount(field + ".deduction", label + ": the deduction cannot be negative");
        } else if (deduction.stripTrailingZeros().scale() > Money.SCALE) {
            problems.addAmount(field + ".deduction", label + ": the deduction " + deduction.toPlainString()
                    + " has fractions of a fen");
        } else {
            // whatever the accepted quantity should be, no deduction can exceed what was returned
            int counted = acceptedValid ? accepted : item.quantity();
            BigDecimal value = item.unitPrice().multiply(BigDecimal.valueOf(counted));
            if (deduction.compareTo(value) > 0) {
                problems.add(field + ".deduction", label + ": the deduction " + Money.of(deduction)
                        + " is above the value of the " + (acceptedValid ? "accepted" : "returned") + " items ("
                        + counted + " × " + Money.of(item.unitPrice()) + " = " + Money.of(value) + ")");
            }
        }
        String reason = text(row, "deductionReason");
        if (deduction != null && deduction.signum() > 0 && reason == null) {
            problems.add(field + ".deductionReason", label + ": say why " + Money.of(deduction)
                    + " is deducted (deductionReason)");
        }
        if (verdict == InspectionOutcome.REJECT && reason == null) {
            problems.add(field + ".deductionReason", label + ": say why it is rejected (deductionReason)");
        }
        if (reason != null && reason.length() > REASON_LENGTH) {
            problems.add(field + ".deductionReason", label + ": the reason is longer than " + REASON_LENGTH
                    + " characters");
        }
        Disposition disposition = disposition(row, field, label, problems);
        return new InspectionLine(item.lineId(), item.name(), item.quantity(), Money.of(item.unitPrice()),
                condition == null ? null : condition.toUpperCase(Locale.ROOT), accepted,
                deduction == null ? null : Money.of(deduction), reason,
                disposition == null ? null : disposition.name());
    }

    private static Disposition disposition(JsonNode row, String field, String label, Problems problems) {
        String named = text(row, "disposition");
        for (Disposition candidate : Disposition.values()) {
            if (candidate.name().equalsIgnoreCase(named)) {
                return candidate;
            }
        }
        problems.add(field + ".disposition", label + ": choose what the warehouse does with it ("
                + Arrays.stream(Disposition.values()).map(Enum::name).collect(Collectors.joining(", ")) + ")"
                + (named == null ? "" : ", not '" + named + "'"));
        return null;
    }

    private static void checkOutcome(InspectionOutcome verdict, List<ReturnItem> items,
                                     Map<String, InspectionLine> lines, Problems problems) {
        if (verdict == null) {
            return;
        }
        boolean nothingTaken = lines.values().stream().allMatch(l -> l.acceptedQuantity() == 0);
        boolean allInFull = items.stream().allMatch(item -> lines.get(item.lineId()).acceptedQuantity()
                == item.quantity() && lines.get(item.lineId()).deduction().signum() == 0);
        switch (verdict) {
            case ACCEPT -> {
                if (!allInFull) {
                    problems.add(InspectionVariables.OUTCOME,
                            "ACCEPT takes every item in full without deduction; choose PARTIAL to keep"
                            + " something back");
                }
            }
            case REJECT -> {
                if (!nothingTaken) {
                    problems.add(InspectionVariables.OUTCOME,
                            "REJECT takes nothing back: set every accepted quantity to 0, or choose PARTIAL");
                }
            }
            case PARTIAL -> {
                if (nothingTaken) {
                    problems.add(InspectionVariables.OUTCOME,
                            "PARTIAL takes something back: accept at least one item, or choose REJECT");
                } else if (allInFull) {
                    problems.add(InspectionVariables.OUTCOME,
                            "PARTIAL keeps something back: everything is accepted in full, choose ACCEPT");
                }
            }
        }
    }

    private static InspectionOutcome outcome(Object outcome, Problems problems) {
        String name = outcome == null ? "" : outcome.toString().trim().toUpperCase(Locale.ROOT);
        for (InspectionOutcome candidate : InspectionOutcome.values()) {
            if (candidate.name().equals(name)) {
                return candidate;
            }
        }
        problems.add(InspectionVariables.OUTCOME, "choose the outcome (inspectionOutcome): ACCEPT, PARTIAL or REJECT"
                + (outcome == null ? "" : ", not '" + outcome + "'"));
        return null;
    }

    private static JsonNode parse(String submittedRows, Problems problems) {
        if (submittedRows == null || submittedRows.isBlank()) {
            problems.add(InspectionVariables.ITEMS, "the inspected items (inspectionItems) are missing");
            return null;
        }
        try {
            JsonNode rows = JSON.readTree(submittedRows);
            if (rows == null || !rows.isArray()) {
                problems.add(InspectionVariables.ITEMS,
                        "the inspected items (inspectionItems) must be a list of lines");
                return null;
            }
            return rows;
        } catch (JsonProcessingException e) {
            problems.add(InspectionVariables.ITEMS, "the inspected items (inspectionItems) are not valid JSON");
            return null;
        }
    }

    private static String text(JsonNode row, String field) {
        JsonNode value = row.get(field);
        if (value == null || value.isNull() || !value.isValueNode()) {
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }

    private static Integer wholeNumber(JsonNode value) {
        BigDecimal number = amount(value);
        if (number == null || number.stripTrailingZeros().scale() > 0) {
            return null;
        }
        try {
            return number.intValueExact();
        } catch (ArithmeticException tooLarge) {
            return null;
        }
    }

    private static BigDecimal amount(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.asText().trim());
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
        return null;
    }

    private static String label(ReturnItem item) {
        return "line " + item.lineId() + " (" + item.name() + ")";
    }


    /** The problems found so far, each with its field; counts those that make the lines' amounts unreadable. */
    private static final class Problems {

        private final List<ApiProblem.FieldError> errors = new ArrayList<>();
        private int amountProblems;

        void add(String field, String message) {
            errors.add(new ApiProblem.FieldError(field, message));
        }

        void addAmount(String field, String message) {
            add(field, message);
            amountProblems++;
        }
    }

    /**
     * A checked inspection.
     *
     * @param lines one per returned line, in the return's order, amounts with the currency's scale
     */
    public record Verdict(InspectionOutcome outcome, List<InspectionLine> lines) {
    }
}
