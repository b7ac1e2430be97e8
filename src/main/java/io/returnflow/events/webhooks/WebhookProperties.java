package io.returnflow.events.webhooks;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Webhooks to the merchant's systems ({@code returnflow.webhooks.*}).
 *
 * @param allowHttp              whether an endpoint may be plain {@code http://} (the local run; never in production)
 * @param allowPrivateAddresses  whether an endpoint's host may resolve to a loopback, private or link-local address
 *                               (the local run, so that the in-app sandbox receiver can be registered)
 * @param deliveryInterval       how often each node looks for due deliveries
 * @param batch                  at most this many deliveries read per look
 * @param passBudget             a scheduled pass starts no call after this long, so that slow receivers never
 *                               hold one of the scheduler's shared threads for long (the next pass goes on)
 * @param lease                  how long a node holds a delivery it sends (the others leave it); longer than a call
 *                               may take (connect plus read timeout)
 * @param connectTimeout         per call
 * @param readTimeout            per call: how long the receiver may take to answer
 * @param firstRetry             the backoff's base: the n-th failure waits a random time up to
 *                               {@code firstRetry * 2^(n-1)} (full jitter), capped at {@code maxRetry}
 * @param maxRetry               the backoff's cap
 * @param giveUpAfter            a delivery failing for this long disables its endpoint (its deliveries wait)
 * @param defaultKeepOldSecret   how long a rotated-out secret keeps signing when the rotation does not say
 * @param maxKeepOldSecret       the longest a rotated-out secret may keep signing
 * @param maxReplay              at most this many events in one replay
 * @param pageLimit              at most this many deliveries per page of the delivery log
 * @param responseSnippet        characters of a receiver's answer kept with each attempt
 * @param userAgent              the {@code User-Agent} of every delivery
 * @param sandboxReceiver        the sandbox merchant receiver
 */
@Validated
@ConfigurationProperties("returnflow.webhooks")
public record WebhookProperties(@DefaultValue("false") boolean allowHttp,
                                @DefaultValue("false") boolean allowPrivateAddresses,
                                @DefaultValue("1s") @NotNull Duration deliveryInterval,
                                @DefaultValue("50") @Positive @Max(1_000) int batch,
                                @DefaultValue("30s") @NotNull Duration passBudget,
                                @DefaultValue("2m") @NotNull Duration lease,
                                @DefaultValue("5s") @NotNull Duration connectTimeout,
                                @DefaultValue("10s") @NotNull Duration readTimeout,
                                @DefaultValue("30s") @NotNull Duration firstRetry,
                                @DefaultValue("6h") @NotNull Duration maxRetry,
                                @DefaultValue("3d") @NotNull Duration giveUpAfter,
                                @DefaultValue("24h") @NotNull Duration defaultKeepOldSecret,
                                @DefaultValue("7d") @NotNull Duration maxKeepOldSecret,
                                @DefaultValue("1000") @Positive @Max(100_000) int maxReplay,
                                @DefaultValue("100") @Positive @Max(1_000) int pageLimit,
                                @DefaultValue("200") @Positive @Max(500) int responseSnippet,
                                @DefaultValue("ReturnFlow-Webhooks/1.0") @NotBlank String userAgent,
                                @DefaultValue @Valid @NotNull SandboxReceiver sandboxReceiver) {

    /**
     * @param enabled            whether the sandbox merchant receiver runs ({@code /sandbox/merchant-receiver/**})
     * @param signatureTolerance a delivery signed further from now is refused (401)
     */
    public record SandboxReceiver(@DefaultValue("false") boolean enabled,
                                  @DefaultValue("5m") @NotNull Duration signatureTolerance) {
    }
}
