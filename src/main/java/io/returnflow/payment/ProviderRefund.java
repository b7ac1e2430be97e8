package io.returnflow.payment;

/** The provider's view of a refund. */
public record ProviderRefund(String providerRefundId, Status status, String failureReason) {

    public enum Status { SUCCEEDED, PENDING, FAILED }
}
