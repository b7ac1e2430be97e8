package io.returnflow.storecredit.http;

import java.net.URI;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The store-credit protocol's endpoints (README, "Store credit"). Every method takes the base URL first: resolved
 * per call (the sandbox lives on this application's own port), a {@link URI} argument replaces the placeholder URL.
 * Answers other than 2xx become the port's exceptions in {@link StoreCreditErrorDecoder}. Timeouts:
 * {@code spring.cloud.openfeign.client.config.store-credit}.
 */
@FeignClient(name = "store-credit", url = "http://store-credit.base-url.is.passed.per.call",
        configuration = StoreCreditClientConfiguration.class)
interface StoreCreditClient {

    String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** {@code POST /v1/credits}: 201 the credit made, 200 the same credit again for a repeated key. */
    @PostMapping(value = "/v1/credits", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    CreditObject createCredit(URI baseUrl, @RequestHeader("Authorization") String authorization,
                              @RequestHeader(IDEMPOTENCY_KEY) String idempotencyKey, @RequestBody CreditRequest body);

    /** {@code GET /v1/credits?reference=}: the credits made for a reference (none or one). */
    @GetMapping(value = "/v1/credits", produces = MediaType.APPLICATION_JSON_VALUE)
    CreditList findCredits(URI baseUrl, @RequestHeader("Authorization") String authorization,
                           @RequestParam("reference") String reference);
}
