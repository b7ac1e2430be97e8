package io.returnflow.payment.stripe;

import java.net.URI;
import java.util.Map;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The refund endpoints of a Stripe-compatible payment API. Every method takes the base URL as its first
 * argument: it is resolved per call (the sandbox provider lives on this application's own port, known
 * only after start-up), and a {@link URI} argument replaces the client's placeholder URL in Feign.
 *
 * <p>Requests go out form-encoded (Spring Cloud OpenFeign hands form content types to feign-form);
 * answers other than 2xx become the payment port's exceptions in {@link StripeErrorDecoder}. Timeouts:
 * {@code spring.cloud.openfeign.client.config.payments}.
 */
// the url is never used: each call passes its resolved base URI, and a fixed url keeps the client
// off the load balancer path (which would need a service registry)
@FeignClient(name = "payments", url = "http://payments.base-url.is.passed.per.call",
        configuration = StripeClientConfiguration.class)
public interface StripeRefundClient {

    String IDEMPOTENCY_KEY = "Idempotency-Key";

    /**
     * {@code POST /v1/refunds}.
     *
     * @param authorization {@code Bearer <secret key>}
     * @param form          {@code charge}, {@code amount}, {@code currency}, {@code reason},
     *                      {@code metadata[return_id]}
     */
    @PostMapping(value = "/v1/refunds", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    StripeRefundObject createRefund(URI baseUrl, @RequestHeader("Authorization") String authorization,
                                    @RequestHeader(IDEMPOTENCY_KEY) String idempotencyKey,
                                    @RequestBody Map<String, ?> form);

    /**
     * {@code GET /v1/refunds?charge=...}: one page of a charge's refunds, newest first.
     *
     * @param startingAfter the last refund id of the previous page, or null for the first page
     */
    @GetMapping(value = "/v1/refunds", produces = MediaType.APPLICATION_JSON_VALUE)
    StripeRefundList listRefunds(URI baseUrl, @RequestHeader("Authorization") String authorization,
                                 @RequestParam("charge") String chargeId, @RequestParam("limit") int limit,
                                 @RequestParam(value = "starting_after", required = false) String startingAfter);

    /** {@code GET /v1/refunds/{id}}: one refund as the provider holds it now. */
    @GetMapping(value = "/v1/refunds/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    StripeRefundObject retrieveRefund(URI baseUrl, @RequestHeader("Authorization") String authorization,
                                      @PathVariable("id") String refundId);
}
