package io.returnflow.returns;

/**
 * Whether a store takes drop-offs now: what a decision to switch a return to store drop-off is checked against,
 * by a feature that must not depend on the drop-off feature (the failed pickup's decision, in {@code pickup},
 * which {@code dropoff} depends on). Implemented by the store network ({@code dropoff.Stores}).
 */
public interface DropOffStoreDirectory {

    /** Whether the store exists and is active: one buyers may choose and returns may go to. */
    boolean takesDropOffs(String storeId);
}
