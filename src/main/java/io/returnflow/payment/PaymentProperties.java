package io.returnflow.payment;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach the refund provider (a Stripe-compatible refund API) and the sandbox that stands in
 * for it in a local run.
 *
 * @param baseUrl                the provider's API root, without {@code /v1}; may contain
 *                               {@code ${local.server.port}} (the in-app sandbox), resolved per call by the
 *                               endpoint resolver
 * @param secretKey              sent as {@code Authorization: Bearer <secretKey>}
 * @param webhookSecret          verifies {@code Stripe-Signature} on the provider's webhooks; without it every
 *                               webhook is refused
 * @param webhookTolerance       how far a webhook's signed timestamp may lie from now: an older (replayed)
 *                               delivery is refused
 * @param idempotencyKeyLifetime how long the provider remembers an idempotency key; a refund first sent longer
 *                               ago than this is looked for among the charge's refunds before it is sent again
 * @param followUp               asking the provider about refunds that stay pending
 * @param sandbox                the in-app simulated provider
 */
@Validated
@ConfigurationProperties("returnflow.payment")
public record PaymentProperties(@NotBlank String baseUrl, @NotBlank String secretKey, String webhookSecret,
                                @DefaultValue("300s") @NotNull Duration webhookTolerance,
                                @DefaultValue("24h") @NotNull Duration idempotencyKeyLifetime,
                                @Valid @DefaultValue FollowUp followUp,
                                @Valid @DefaultValue Sandbox sandbox) {

    /**
     * @param interval     how often {@link PendingRefundFollowUp} looks for refunds to ask about
     * @param pendingAfter a refund pending this long (and not asked about for this long) is asked about
     * @param batchSize    at most this many refunds are asked about per run
     */
    public record FollowUp(@DefaultValue("1m") @NotNull Duration interval,
                           @DefaultValue("10m") @NotNull Duration pendingAfter,
                           @DefaultValue("50") @Positive int batchSize) {
    }

    /**
     * @param enabled        serve the simulated provider under {@code /sandbox/payments}
     * @param flakyFailures  how many tries of one idempotency key on {@code ch_refund_flaky} fail with
     *                       503 before one succeeds
     * @param pendingFor     how long a refund on {@code ch_refund_pending} stays pending before it succeeds
     * @param webhookUrl     where the sandbox sends its signed refund webhooks (this application's webhook);
     *                       may contain {@code ${local.server.port}}, resolved per delivery. Without it no
     *                       webhook is sent
     * @param tick           how often the sandbox settles due refunds and delivers webhooks
     * @param inFlightLease  how long a request holds its idempotency key while it is processed (other requests
     *                       with the key get 409 meanwhile), and a node the delivery of a webhook; longer than any
     *                       request's processing or delivery, since an expired lease is taken over by the next
     *                       request with the key (the next tick, for a webhook)
     */
    public record Sandbox(@DefaultValue("false") boolean enabled, @DefaultValue("0") @PositiveOrZero int flakyFailures,
                          @DefaultValue("5s") @NotNull Duration pendingFor, String webhookUrl,
                          @DefaultValue("1s") @NotNull Duration tick,
                          @DefaultValue("1m") @NotNull Duration inFlightLease) {

        public Sandbox {
            // a lease of nothing would let a second request with the key in while the first is still processed
            if (inFlightLease != null && (inFlightLease.isNegative() || inFlightLease.isZero())) {
                throw new IllegalArgumentException("returnflow.payment.sandbox.in-flight-lease must be positive");
            }
        }
    }
}
