package io.returnflow.exchange.http;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import feign.Response;
import feign.codec.ErrorDecoder;
import io.returnflow.exchange.CommerceUnavailableException;
import io.returnflow.exchange.ShopAnswerNotUnderstoodException;

/**
 * Turns the shop's problem+json errors into the port's exceptions, so that no bare {@code FeignException} leaves
 * the adapter. Every documented code is a technical failure retried with the same key (the answers a person or the
 * journey acts on, out of stock and refusals, come as the order's status), except {@code not_found}, which a
 * look-up reads as "no such order". A problem whose {@code code} is not documented is not understood: parked, never
 * guessed. An answer without a problem body (a proxy's page) is judged by its status alone.
 */
final class CommerceErrorDecoder implements ErrorDecoder {

    private final ObjectMapper json;

    CommerceErrorDecoder(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Exception decode(String methodKey, Response response) {
        int status = response.status();
        Problem problem = read(response);
        String said = problem == null ? "" : ", " + problem;
        if (problem != null && problem.code() != null && !ShopProtocol.ERROR_CODES.contains(problem.code())) {
            return new ShopAnswerNotUnderstoodException("The shop answered " + status + " with the error code '"
                    + problem.code() + "', which the exchange protocol does not define" + said
                    + ": find out what the shop means before retrying this step");
        }
        String code = problem == null ? null : problem.code();
        if (ShopProtocol.NOT_FOUND.equals(code) || (code == null && status == 404 && methodKey.contains("get"))) {
            return new ShopOrderNotFoundException("The shop holds no such exchange order (" + status + said + ")");
        }
        if (ShopProtocol.UNAUTHORIZED.equals(code) || status == 401 || status == 403) {
            return new CommerceUnavailableException("The shop rejected our credentials (" + status + said
                    + "): check returnflow.commerce.api-key");
        }
        if (ShopProtocol.IDEMPOTENCY_CONFLICT.equals(code)) {
            return new CommerceUnavailableException("The shop holds a different request under this exchange order "
                    + "id (" + status + said + "): compare the shop's order with ours before retrying");
        }
        if (ShopProtocol.INVALID_REQUEST.equals(code)) {
            return new CommerceUnavailableException("The shop refused our request as invalid (" + status + said
                    + "): the order's data or the protocol versions disagree");
        }
        if (ShopProtocol.IN_FLIGHT.equals(code) || ShopProtocol.RATE_LIMITED.equals(code)
                || ShopProtocol.UNAVAILABLE.equals(code) || status == 429 || status >= 500) {
            return new CommerceUnavailableException("The shop could not take the request now (" + status + said
                    + "); retry later with the same key");
        }
        return new CommerceUnavailableException("Unexpected answer " + status + " from the shop to " + methodKey
                + said + ": check the shop's base URL (returnflow.commerce.base-url)");
    }

    /** The problem+json body, or null when the body is not one. */
    private Problem read(Response response) {
        if (response.body() == null) {
            return null;
        }
        try (InputStream body = response.body().asInputStream()) {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                return null;
            }
            return new Problem(text(node, "code"), text(node, "detail"));
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private record Problem(String code, String detail) {
        @Override
        public String toString() {
            return "code=" + code + (detail == null ? "" : ", detail=" + detail);
        }
    }
}
