package io.returnflow.returns;

/**
 * A return request was recorded (published once per new return, not for a replayed request). Listeners that
 * count it do so after the transaction commits: a request rolled back was never made.
 *
 * @param storeId  the drop-off store, {@code null} for a home pickup
 * @param eligible false when the policy refused it at once (the return is recorded {@code REJECTED})
 */
public record ReturnRequested(String returnId, ReturnMethod method, String storeId, boolean eligible) {
}
