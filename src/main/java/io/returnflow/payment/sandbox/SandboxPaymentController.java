package io.returnflow.payment.sandbox;

import io.returnflow.payment.stripe.StripeRefundClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox payment provider's HTTP face: the refund endpoints of the Stripe-compatible API, reached
 * by the real adapter over HTTP. Answers are the provider's own JSON (not problem+json): this is the
 * provider speaking, not ReturnFlow's API.
 */
@RestController
@RequestMapping("/sandbox/payments/v1/refunds")
@ConditionalOnProperty(prefix = "returnflow.payment.sandbox", name = "enabled", havingValue = "true")
class SandboxPaymentController {

    /** Set on an answer that is the stored first answer to the same idempotency key. */
    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private final SandboxPaymentProvider provider;

    SandboxPaymentController(SandboxPaymentProvider provider) {
        this.provider = provider;
    }

    @PostMapping
    ResponseEntity<String> createRefund(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(value = StripeRefundClient.IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @RequestParam MultiValueMap<String, String> params) {
        return respond(provider.createRefund(authorization, idempotencyKey, params.toSingleValueMap()));
    }

    @GetMapping
    ResponseEntity<String> listRefunds(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam MultiValueMap<String, String> params) {
        return respond(provider.listRefunds(authorization, params.toSingleValueMap()));
    }

    @GetMapping("/{id}")
    ResponseEntity<String> retrieveRefund(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @PathVariable("id") String id) {
        return respond(provider.retrieveRefund(authorization, id));
    }

    private static ResponseEntity<String> respond(SandboxAnswer answer) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status())
                .contentType(MediaType.APPLICATION_JSON);
        if (answer.replayed()) {
            response.header(IDEMPOTENT_REPLAYED, "true");
        }
        return response.body(answer.body());
    }
}
