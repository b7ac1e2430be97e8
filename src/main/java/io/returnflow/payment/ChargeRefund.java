package io.returnflow.payment;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * A refund the provider holds on a charge, as listed by the provider. Used to find an earlier refund of
 * a return (matched on the {@code return_id} metadata) before re-sending one whose idempotency key the
 * provider may have forgotten.
 *
 * @param returnId the {@code metadata[return_id]} the refund was created with; null for refunds made
 *                 outside ReturnFlow
 * @param amount   in the currency's major unit with its scale
 */
public record ChargeRefund(String providerRefundId, String chargeId, String returnId, BigDecimal amount,
                           String currency, ProviderRefund.Status status, OffsetDateTime createdAt) {
}
