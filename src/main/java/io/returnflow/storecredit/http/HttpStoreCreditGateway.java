package io.returnflow.storecredit.http;

import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import feign.FeignException;
import io.returnflow.platform.EndpointResolver;
import io.returnflow.storecredit.CreditOrder;
import io.returnflow.storecredit.ProviderCredit;
import io.returnflow.storecredit.StoreCreditGateway;
import io.returnflow.storecredit.StoreCreditParkedException;
import io.returnflow.storecredit.StoreCreditProperties;
import io.returnflow.storecredit.StoreCreditRefusedException;
import io.returnflow.storecredit.StoreCreditUnavailableException;
import org.springframework.stereotype.Component;

/**
 * The store-credit port over the generic HTTP protocol a merchant's gift-card or credit system implements (README,
 * "Store credit"), the real system's or the in-app sandbox's. Translates to the protocol here and nowhere else:
 * money as decimal strings, the return id as {@code reference}, the key as {@code Idempotency-Key}.
 */
@Component
class HttpStoreCreditGateway implements StoreCreditGateway {

    static final String ISSUED = "issued";

    private final StoreCreditClient client;
    private final StoreCreditProperties properties;
    private final EndpointResolver endpoints;

    HttpStoreCreditGateway(StoreCreditClient client, StoreCreditProperties properties, EndpointResolver endpoints) {
        this.client = client;
        this.properties = properties;
        this.endpoints = endpoints;
    }

    @Override
    public ProviderCredit issue(CreditOrder order) {
        CreditRequest body = new CreditRequest(order.customerId(), order.orderId(), order.returnId(),
                order.currency().toUpperCase(Locale.ROOT), order.amount().toPlainString(),
                order.bonus().toPlainString());
        CreditObject credit = call(() -> client.createCredit(baseUrl(), authorization(), order.idempotencyKey(), body));
        return providerCredit(credit, "the credit " + order.idempotencyKey());
    }

    @Override
    public Optional<ProviderCredit> findByReference(String reference) {
        CreditList list = call(() -> client.findCredits(baseUrl(), authorization(), reference));
        if (list == null || list.data() == null) {
            throw new StoreCreditUnavailableException("The store-credit system answered the lookup of " + reference
                    + " without a list");
        }
        List<ProviderCredit> credits = list.data().stream()
                .map(credit -> providerCredit(credit, "the lookup of " + reference))
                .filter(credit -> reference.equals(credit.reference()))
                .toList();
        if (credits.size() > 1) {
            throw new StoreCreditParkedException(null, "The store-credit system holds " + credits.size()
                    + " credits for reference " + reference + " (" + credits.stream().map(ProviderCredit::id).toList()
                    + "): the protocol allows one; look at the buyer's account");
        }
        return credits.stream().findFirst();
    }

    /** The port's view of a credit; a credit in a status the protocol does not know is parked, not guessed. */
    static ProviderCredit providerCredit(CreditObject credit, String answering) {
        if (credit == null || credit.id() == null || credit.status() == null) {
            throw new StoreCreditUnavailableException("The store-credit system answered " + answering
                    + " without a credit");
        }
        if (!ISSUED.equals(credit.status())) {
            throw new StoreCreditParkedException(credit.status(), "The store-credit system answered " + answering
                    + " with credit " + credit.id() + " in status " + credit.status()
                    + ", which the protocol does not know (only issued)");
        }
        try {
            return new ProviderCredit(credit.id(), ProviderCredit.Status.ISSUED, decimal(credit.amount()),
                    decimal(credit.bonus()), credit.currency() == null ? null
                    : credit.currency().toUpperCase(Locale.ROOT), credit.reference(), credit.customerId(),
                    credit.createdAt() == null ? null : OffsetDateTime.parse(credit.createdAt()));
        } catch (NumberFormatException | DateTimeParseException unreadable) {
            throw new StoreCreditParkedException(null, "The store-credit system answered " + answering
                    + " with credit " + credit.id() + " whose money or time cannot be read: " + unreadable.getMessage());
        }
    }

    private static BigDecimal decimal(String value) {
        return value == null ? null : new BigDecimal(value);
    }

    private URI baseUrl() {
        return endpoints.resolve(properties.baseUrl());
    }

    private String authorization() {
        return "Bearer " + properties.apiKey();
    }

    /**
     * Answers with a status arrive as the port's exceptions ({@link StoreCreditErrorDecoder}); what is left as a
     * {@link FeignException} never got an answer (timeout, refused connection) or an unreadable one: unavailable,
     * and the next try looks the credit up before sending the same key again.
     */
    private <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (StoreCreditRefusedException | StoreCreditUnavailableException | StoreCreditParkedException mapped) {
            throw mapped;
        } catch (FeignException failed) {
            throw new StoreCreditUnavailableException(describe(failed), failed);
        }
    }

    private String describe(FeignException failed) {
        for (Throwable cause = failed.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return "The store-credit system did not answer in time (" + cause.getMessage() + "); retry later";
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return "The store-credit system could not be reached at " + properties.baseUrl() + " (" + cause
                        + "); retry later";
            }
        }
        return "The store-credit call failed (" + failed.getMessage() + "); retry later";
    }
}
