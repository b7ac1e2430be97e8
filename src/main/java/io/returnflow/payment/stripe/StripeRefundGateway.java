package io.returnflow.payment.stripe;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import feign.FeignException;
import io.returnflow.payment.ChargeRefund;
import io.returnflow.payment.PaymentGateway;
import io.returnflow.payment.PaymentProperties;
import io.returnflow.payment.PaymentUnavailableException;
import io.returnflow.payment.ProviderRefund;
import io.returnflow.payment.RefundOrder;
import io.returnflow.payment.RefundRefusedException;
import io.returnflow.platform.EndpointResolver;
import org.springframework.stereotype.Component;

/**
 * The payment port over a Stripe-compatible refund API ({@code POST /v1/refunds}), the real provider's
 * or the in-app sandbox's. Translates to the provider's vocabulary here and nowhere else: minor units,
 * lower-case currency, {@code metadata[return_id]}, the refund's idempotency key as
 * {@code Idempotency-Key}.
 */
@Component
public class StripeRefundGateway implements PaymentGateway {

    static final String REASON = "requested_by_customer";
    static final String RETURN_ID_METADATA = "return_id";
    /** The largest page the refund API serves. */
    static final int PAGE_SIZE = 100;

    private final StripeRefundClient client;
    private final PaymentProperties properties;
    private final EndpointResolver endpoints;

    public StripeRefundGateway(StripeRefundClient client, PaymentProperties properties, EndpointResolver endpoints) {
        this.client = client;
        this.properties = properties;
        this.endpoints = endpoints;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException the amount has fractions of the currency's minor unit (a bug upstream:
     *                                  refund amounts are never rounded here)
     */
    @Override
    public ProviderRefund refund(RefundOrder order) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("charge", order.chargeId());
        form.put("amount", Integer.toString(MinorUnits.toMinorUnits(order.amount(), order.currency())));
        form.put("currency", order.currency().toLowerCase(Locale.ROOT));
        form.put("reason", REASON);
        form.put("metadata[" + RETURN_ID_METADATA + "]", order.returnId());

        StripeRefundObject refund = call(() ->
                client.createRefund(baseUrl(), authorization(), order.idempotencyKey(), form));
        return providerRefund(refund, "the refund " + order.idempotencyKey());
    }

    /** {@inheritDoc} {@code GET /v1/refunds/{id}}; an unknown id (404) is unavailable, never a refusal. */
    @Override
    public ProviderRefund refundStatus(String providerRefundId) {
        StripeRefundObject refund = call(() -> client.retrieveRefund(baseUrl(), authorization(), providerRefundId));
        return providerRefund(refund, "the lookup of refund " + providerRefundId);
    }

    /** The port's view of a refund object, from an answer or a webhook event. */
    static ProviderRefund providerRefund(StripeRefundObject refund, String answering) {
        if (refund == null || refund.id() == null || refund.status() == null) {
            throw new PaymentUnavailableException("The payment provider answered " + answering
                    + " without a refund object");
        }
        ProviderRefund.Status status = status(refund.status());
        return new ProviderRefund(refund.id(), status,
                status == ProviderRefund.Status.FAILED ? failureReason(refund) : null);
    }

    /**
     * {@inheritDoc} Newest first, a page of {@value #PAGE_SIZE} at a time.
     */
    @Override
    public List<ChargeRefund> refundsOf(String chargeId) {
        List<ChargeRefund> refunds = new ArrayList<>();
        String startingAfter = null;
        StripeRefundList page;
        do {
            String after = startingAfter;
            page = call(() -> client.listRefunds(baseUrl(), authorization(), chargeId, PAGE_SIZE, after));
            if (page == null) {
                throw new PaymentUnavailableException("The payment provider answered the refund list of "
                        + chargeId + " without a list");
            }
            for (StripeRefundObject refund : page.data()) {
                refunds.add(chargeRefund(refund));
                startingAfter = refund.id();
            }
        } while (page.hasMore() && !page.data().isEmpty());
        return List.copyOf(refunds);
    }

    private ChargeRefund chargeRefund(StripeRefundObject refund) {
        return new ChargeRefund(refund.id(), refund.charge(),
                refund.metadata() == null ? null : refund.metadata().get(RETURN_ID_METADATA),
                MinorUnits.toMajorUnits(refund.amount(), refund.currency()),
                refund.currency().toUpperCase(Locale.ROOT), status(refund.status()),
                refund.created() == null ? null
                        : OffsetDateTime.ofInstant(Instant.ofEpochSecond(refund.created()), ZoneOffset.UTC));
    }

    /**
     * The provider's refund states: {@code requires_action} waits for the customer and an unknown state is
     * not money back either, so both count as pending and are followed up.
     */
    static ProviderRefund.Status status(String providerStatus) {
        if (providerStatus == null) {
            return ProviderRefund.Status.PENDING;
        }
        return switch (providerStatus) {
            case "succeeded" -> ProviderRefund.Status.SUCCEEDED;
            case "failed", "canceled" -> ProviderRefund.Status.FAILED;
            default -> ProviderRefund.Status.PENDING;
        };
    }

    private static String failureReason(StripeRefundObject refund) {
        return refund.failureReason() != null ? refund.failureReason() : refund.status();
    }

    private URI baseUrl() {
        return endpoints.resolve(properties.baseUrl());
    }

    private String authorization() {
        return "Bearer " + properties.secretKey();
    }

    /**
     * Answers with a status arrive as the port's exceptions (see {@link StripeErrorDecoder}); what is left
     * as a {@link FeignException} never got an answer (timeout, refused connection) or got an unreadable
     * one: the provider is unavailable, and the next try sends the same key.
     */
    private <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (RefundRefusedException | PaymentUnavailableException mapped) {
            throw mapped;
        } catch (FeignException failed) {
            throw new PaymentUnavailableException(describe(failed), failed);
        }
    }

    private String describe(FeignException failed) {
        for (Throwable cause = failed.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return "The payment provider did not answer in time (" + cause.getMessage() + "); retry later";
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return "The payment provider could not be reached at " + properties.baseUrl() + " ("
                        + cause + "); retry later";
            }
        }
        return "The payment provider call failed (" + failed.getMessage() + "); retry later";
    }
}
