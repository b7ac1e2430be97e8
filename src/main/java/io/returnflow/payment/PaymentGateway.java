package io.returnflow.payment;

import java.util.List;

/**
 * The payment provider as the refund step sees it.
 *
 * <p>Every call carries the refund's idempotency key; the provider replays the first answer for a
 * repeated key, so a retried job never refunds twice. Technical failures (timeouts, 5xx, 409
 * in-flight, 429) are {@link PaymentUnavailableException}s (the job retries); a refusal by the
 * provider (400/402 business errors) is a {@link RefundRefusedException}.
 */
public interface PaymentGateway {

    /** Asks the provider to refund {@code order}, under its idempotency key. */
    ProviderRefund refund(RefundOrder order);

    /**
     * All refunds the provider holds on a charge, whoever made them: the provider forgets idempotency keys
     * after about a day, so a refund first sent longer ago is looked for here before it is sent again.
     *
     * @throws PaymentUnavailableException the provider could not be reached or answered with an error
     */
    List<ChargeRefund> refundsOf(String chargeId);

    /**
     * Where one refund stands at the provider now: how a refund left pending is followed up when its
     * webhook stays away.
     *
     * @throws PaymentUnavailableException the provider could not be reached or answered with an error
     *                                     (including an unknown refund id)
     */
    ProviderRefund refundStatus(String providerRefundId);
}
