package io.returnflow.payment.stripe;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import feign.Response;
import feign.codec.ErrorDecoder;
import io.returnflow.payment.PaymentUnavailableException;
import io.returnflow.payment.RefundRefusedException;

/**
 * Turns the provider's error answers into the payment port's exceptions, so that no bare
 * {@code FeignException} leaves the adapter:
 * <ul>
 *   <li>400 / 402 with a {@code {"error": {type, code, message}}} body: the provider refused the refund
 *       ({@link RefundRefusedException}); except an {@code idempotency_error}, which says the provider holds a
 *       different request under our key, so the refund may well exist: that is for a person to look at,
 *       not a refusal to record;</li>
 *   <li>401: our secret key is wrong — retried, then an incident that says so;</li>
 *   <li>409 (same key in flight), 429, 5xx and anything unexpected: {@link PaymentUnavailableException},
 *       retried with the same key.</li>
 * </ul>
 */
final class StripeErrorDecoder implements ErrorDecoder {

    private final ObjectMapper json;

    StripeErrorDecoder(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Exception decode(String methodKey, Response response) {
        int status = response.status();
        ProviderError error = read(response);
        String detail = error == null ? "" : ", " + error;
        if ((status == 400 || status == 402) && error != null) {
            if ("idempotency_error".equals(error.type())) {
                return new PaymentUnavailableException("The payment provider holds a different request under this "
                        + "idempotency key (" + status + detail + "); the refund may already exist: compare the "
                        + "charge's refunds with the ledger before retrying");
            }
            return new RefundRefusedException(error.code() != null ? error.code() : error.type(), error.message());
        }
        return switch (status) {
            // the JDK's HTTP client drops the body of a 401 to a streamed request: the status says enough
            case 401 -> new PaymentUnavailableException("The payment provider rejected our credentials (401" + detail
                    + "): check the secret key (returnflow.payment.secret-key)");
            case 409 -> new PaymentUnavailableException("A request with the same idempotency key is still in flight "
                    + "at the payment provider (409" + detail + "); retry later");
            case 429 -> new PaymentUnavailableException("The payment provider is limiting our request rate (429"
                    + detail + "); retry later");
            default -> status >= 500
                    ? new PaymentUnavailableException("The payment provider failed (" + status + detail + ")")
                    : new PaymentUnavailableException("Unexpected answer " + status + " from the payment provider to "
                    + methodKey + detail + ": check the provider's base URL (returnflow.payment.base-url)");
        };
    }

    /** The provider's error object, or null when the body is not one (a proxy's page, an empty body). */
    private ProviderError read(Response response) {
        if (response.body() == null) {
            return null;
        }
        try (InputStream body = response.body().asInputStream()) {
            JsonNode error = json.readTree(body).path("error");
            if (!error.isObject()) {
                return null;
            }
            return new ProviderError(text(error, "type"), text(error, "code"), text(error, "message"),
                    text(error, "param"));
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private record ProviderError(String type, String code, String message, String param) {
        @Override
        public String toString() {
            return "type=" + type + (code == null ? "" : ", code=" + code) + (param == null ? "" : ", param=" + param)
                    + (message == null ? "" : ", message=" + message);
        }
    }
}
