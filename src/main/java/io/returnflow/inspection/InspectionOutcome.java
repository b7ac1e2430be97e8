package io.returnflow.inspection;

/** The inspector's overall verdict ({@code inspectionOutcome}), read by {@code Gateway_InspectionOutcome}. */
public enum InspectionOutcome {
    /** Every item taken back in full, nothing deducted. */
    ACCEPT,
    /** Some items or some value taken back. */
    PARTIAL,
    /** Nothing taken back: the return is rejected, no refund. */
    REJECT
}
