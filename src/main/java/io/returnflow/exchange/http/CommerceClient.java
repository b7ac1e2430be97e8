package io.returnflow.exchange.http;

import java.net.URI;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * The exchange-order endpoints of the shop protocol (README, "Exchanges"). Every method takes the base URL first:
 * resolved per call (the sandbox shop lives on this application's own port). Answers other than 2xx become the
 * port's exceptions in {@link CommerceErrorDecoder}. Timeouts: {@code spring.cloud.openfeign.client.config.commerce}.
 */
// the url is never used: each call passes its resolved base URI
@FeignClient(name = "commerce", url = "http://commerce.base-url.is.passed.per.call",
        configuration = CommerceClientConfiguration.class)
public interface CommerceClient {

    String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** {@code POST /v1/exchange-orders}: 201 (or 200 for a replayed key) with the order. */
    @PostMapping(value = "/v1/exchange-orders", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ShopOrder place(URI baseUrl, @RequestHeader("Authorization") String authorization,
                    @RequestHeader(IDEMPOTENCY_KEY) String idempotencyKey, @RequestBody ShopOrderRequest order);

    /** {@code GET /v1/exchange-orders/{id}}: the order by our id; 404 {@code not_found} when unknown. */
    @GetMapping(value = "/v1/exchange-orders/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ShopOrder get(URI baseUrl, @RequestHeader("Authorization") String authorization, @PathVariable("id") String id);
}
