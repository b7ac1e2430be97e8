package io.returnflow.payment;

/**
 * The payment provider as the refund step sees it.
 *
 * <p>Every call carries the refund's idempotency key; the provider replays the first answer for a
 * repeated key, so a retried job never refunds twice. Technical failures (timeouts, 5xx, 409
 * in-flight, 429) are {@link PaymentUnavailableException}s (the job retries); a refusal by the
 * provider (400/402 business errors) is a {@link RefundRefusedException}.
 */
public interface PaymentGateway {

    ProviderRefund refund(RefundOrder order);
}
