package io.returnflow.payment;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach the refund provider (a Stripe-compatible refund API) and the sandbox that stands in
 * for it in a local run.
 *
 * @param baseUrl       the provider's API root, without {@code /v1}; may contain
 *                      {@code ${local.server.port}} (the in-app sandbox), resolved per call by the
 *                      endpoint resolver
 * @param secretKey     sent as {@code Authorization: Bearer <secretKey>}
 * @param webhookSecret verifies {@code Stripe-Signature} on the provider's webhooks
 * @param sandbox       the in-app simulated provider
 */
@Validated
@ConfigurationProperties("returnflow.payment")
public record PaymentProperties(@NotBlank String baseUrl, @NotBlank String secretKey, String webhookSecret,
                                @Valid @DefaultValue Sandbox sandbox) {

    /**
     * @param enabled        serve the simulated provider under {@code /sandbox/payments}
     * @param flakyFailures  how many tries of one idempotency key on {@code ch_refund_flaky} fail with
     *                       503 before one succeeds
     */
    public record Sandbox(@DefaultValue("false") boolean enabled, @DefaultValue("0") @PositiveOrZero int flakyFailures) {
    }
}
