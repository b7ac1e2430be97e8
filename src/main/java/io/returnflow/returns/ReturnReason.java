package io.returnflow.returns;

/** Why the buyer returns the items. */
public enum ReturnReason {
    DEFECTIVE,
    DAMAGED_IN_TRANSIT,
    WRONG_ITEM,
    NOT_AS_DESCRIBED,
    SIZE_FIT,
    CHANGED_MIND,
    OTHER
}
