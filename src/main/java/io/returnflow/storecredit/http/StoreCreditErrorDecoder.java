package io.returnflow.storecredit.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import feign.Response;
import feign.codec.ErrorDecoder;
import io.returnflow.storecredit.StoreCreditParkedException;
import io.returnflow.storecredit.StoreCreditRefusedException;
import io.returnflow.storecredit.StoreCreditUnavailableException;

/**
 * Turns the protocol's error answers (problem+json with a {@code code}) into the port's exceptions, so that no bare
 * {@code FeignException} leaves the adapter. The codes are a fixed list (README, "Store credit"):
 * <ul>
 *   <li>{@value #CUSTOMER_NOT_FOUND}, {@value #ACCOUNT_CLOSED}, {@value #CURRENCY_NOT_SUPPORTED},
 *       {@value #INVALID_AMOUNT}: refused for good ({@link StoreCreditRefusedException});</li>
 *   <li>{@value #IDEMPOTENCY_KEY_IN_USE}: the same key is being processed: retried
 *       ({@link StoreCreditUnavailableException});</li>
 *   <li>any other code a 4xx carries ({@value #IDEMPOTENCY_KEY_REUSED}, {@value #INVALID_REQUEST}, or a code the
 *       protocol does not list): parked ({@link StoreCreditParkedException}), never read as a success or a
 *       refusal;</li>
 *   <li>5xx, 429, 401 and answers without a problem body: unavailable, retried with the same key.</li>
 * </ul>
 */
final class StoreCreditErrorDecoder implements ErrorDecoder {

    static final String CUSTOMER_NOT_FOUND = "customer_not_found";
    static final String ACCOUNT_CLOSED = "account_closed";
    static final String CURRENCY_NOT_SUPPORTED = "currency_not_supported";
    static final String INVALID_AMOUNT = "invalid_amount";
    static final String IDEMPOTENCY_KEY_IN_USE = "idempotency_key_in_use";
    static final String IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused";
    static final String INVALID_REQUEST = "invalid_request";
    /** The codes that refuse a credit for good. */
    static final Set<String> REFUSALS = Set.of(CUSTOMER_NOT_FOUND, ACCOUNT_CLOSED, CURRENCY_NOT_SUPPORTED,
            INVALID_AMOUNT);

    private final ObjectMapper json;

    StoreCreditErrorDecoder(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Exception decode(String methodKey, Response response) {
        int status = response.status();
        Problem problem = read(response);
        String detail = problem == null ? "" : ", " + problem;
        if (status >= 500 || status == 429) {
            return new StoreCreditUnavailableException("The store-credit system failed or is busy (" + status + detail
                    + "); retry later with the same key");
        }
        if (status == 401 || status == 403) {
            return new StoreCreditUnavailableException("The store-credit system rejected our credentials (" + status
                    + detail + "): check the API key (returnflow.store-credit.api-key)");
        }
        if (problem == null || problem.code() == null) {
            return new StoreCreditUnavailableException("Unexpected answer " + status + " without a problem code from "
                    + "the store-credit system to " + methodKey + detail
                    + ": check its base URL (returnflow.store-credit.base-url)");
        }
        if (REFUSALS.contains(problem.code())) {
            return new StoreCreditRefusedException(problem.code(), problem.message());
        }
        if (IDEMPOTENCY_KEY_IN_USE.equals(problem.code())) {
            return new StoreCreditUnavailableException("A request with the same idempotency key is still being "
                    + "processed by the store-credit system (" + status + detail + "); retry later");
        }
        if (IDEMPOTENCY_KEY_REUSED.equals(problem.code())) {
            return new StoreCreditParkedException(problem.code(), "The store-credit system holds a different "
                    + "request under this idempotency key (" + status + detail + "); the credit may already exist: "
                    + "compare the buyer's account with the ledger before retrying");
        }
        return new StoreCreditParkedException(problem.code(), "The store-credit system answered " + status
                + " with code " + problem.code() + ", which the protocol does not list as a success, a refusal or a "
                + "retry" + detail + ": nothing is recorded as issued; find out what it means, then retry the step");
    }

    /** The problem body, or null when the body is not one (a proxy's page, an empty body). */
    private Problem read(Response response) {
        if (response.body() == null) {
            return null;
        }
        try (InputStream body = response.body().asInputStream()) {
            JsonNode problem = json.readTree(body);
            if (problem == null || !problem.isObject()) {
                return null;
            }
            return new Problem(text(problem, "code"), text(problem, "detail") != null ? text(problem, "detail")
                    : text(problem, "title"));
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private record Problem(String code, String message) {
        @Override
        public String toString() {
            return (code == null ? "" : "code=" + code) + (message == null ? "" : ", detail=" + message);
        }
    }
}
