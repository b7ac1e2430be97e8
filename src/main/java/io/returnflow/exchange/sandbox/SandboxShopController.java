package io.returnflow.exchange.sandbox;

import static io.returnflow.platform.ApiDocumentation.TAG_SANDBOX_COMMERCE;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import io.returnflow.exchange.CommerceProperties;
import io.returnflow.platform.EndpointResolver;

/**
 * The sandbox shop's HTTP face: the shop protocol's endpoints, reached by the real adapter over HTTP, and the
 * sandbox's own (step, orders, stock). Pending orders are answered through ReturnFlow's outcome API, as a merchant's
 * shop would: when the sandbox is stepped, or on its tick once {@code returnflow.commerce.sandbox.pending-for} has
 * passed on its clock. Errors are the protocol's problem+json with a {@code code}.
 */
@RestController
@RequestMapping("/sandbox/commerce")
@ConditionalOnProperty(prefix = "returnflow.commerce.sandbox", name = "enabled", havingValue = "true")
@Tag(name = TAG_SANDBOX_COMMERCE)
class SandboxShopController {

    private static final Logger log = LoggerFactory.getLogger(SandboxShopController.class);
    private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

    private final SandboxShop shop;
    private final CommerceProperties properties;
    private final EndpointResolver endpoints;
    private final RestClient http;

    SandboxShopController(SandboxShop shop, CommerceProperties properties, EndpointResolver endpoints,
                          RestClient.Builder http) {
        this.shop = shop;
        this.properties = properties;
        this.endpoints = endpoints;
        this.http = http.build();
    }

    @PostMapping(value = "/v1/exchange-orders", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "sandboxPlaceExchangeOrder", summary = "Place an exchange order", description = """
            Takes the order under its `Idempotency-Key` (our `EX-…` id): 201 with the order, 200 with the first \
            answer for a repeated key, 409 `idempotency_conflict` for the key with another body.

            **Magic values** in a line's `sku` (the replacement sku): `sandbox:out-of-stock` (answered \
            `out_of_stock`), `sandbox:pending-confirmed` and `sandbox:pending-out-of-stock` (answered `pending`, \
            decided when stepped), `sandbox:unavailable-twice` (503 `unavailable` for the first \
            `returnflow.commerce.sandbox.unavailable-failures` tries of a key), `sandbox:unknown-code` (422 with a \
            code the protocol does not define), `sandbox:refused` (`refused`, `item_discontinued`). Any other sku: \
            confirmed while its stock lasts (`returnflow.commerce.sandbox.default-stock` unless set).""")
    ResponseEntity<Object> place(
            @Parameter(hidden = true) @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
            String authorization,
            @Parameter(description = "Our exchange order id.", required = true, example = "EX-R-8F3K2Q")
            @RequestHeader(value = "Idempotency-Key", required = false) String key,
            @RequestBody SandboxShop.OrderRequest request) {
        if (!authorized(authorization)) {
            return problem(new SandboxShop.Problem(401, "unauthorized", "A wrong API key"));
        }
        var invalid = SandboxShop.invalid(key, request);
        if (invalid.isPresent()) {
            return problem(invalid.get());
        }
        SandboxShop.Answer answer = shop.place(key, request);
        if (answer instanceof SandboxShop.Taken taken) {
            return ResponseEntity.status(taken.replayed() ? 200 : 201).body(taken.order());
        }
        return problem((SandboxShop.Problem) answer);
    }

    @GetMapping("/v1/exchange-orders/{id}")
    @Operation(operationId = "sandboxGetExchangeOrder", summary = "Read an exchange order",
            description = "The order by our id; 404 `not_found` when the shop holds none.")
    ResponseEntity<Object> get(@Parameter(hidden = true) @RequestHeader(value = HttpHeaders.AUTHORIZATION,
            required = false) String authorization, @PathVariable String id) {
        if (!authorized(authorization)) {
            return problem(new SandboxShop.Problem(401, "unauthorized", "A wrong API key"));
        }
        return shop.find(id).<ResponseEntity<Object>>map(ResponseEntity::ok)
                .orElseGet(() -> problem(new SandboxShop.Problem(404, "not_found", "No exchange order " + id)));
    }

    @PostMapping("/step")
    @Operation(operationId = "sandboxStepShop", summary = "Answer every pending order now",
            description = "Decides every pending order as its scenario says and tells ReturnFlow through its "
                    + "outcome API; answers the ids told.")
    List<String> step() {
        return tell(shop.decideDue(true));
    }

    @GetMapping("/orders")
    @Operation(operationId = "sandboxShopOrders", summary = "The orders the sandbox shop took",
            description = "Newest first, as the protocol shows them.")
    List<Map<String, Object>> orders() {
        return shop.all();
    }

    @PutMapping("/stock/{sku}")
    @Operation(operationId = "sandboxSetStock", summary = "Set a sku's stock",
            description = "`{\"available\": 0}` makes the sku out of stock.")
    ResponseEntity<Object> setStock(@PathVariable String sku, @RequestBody Map<String, Integer> body) {
        Integer available = body == null ? null : body.get("available");
        if (sku.isBlank() || sku.length() > SandboxShop.SKU_LENGTH) {
            return problem(new SandboxShop.Problem(400, "invalid_request", "sku must be 1 to "
                    + SandboxShop.SKU_LENGTH + " characters"));
        }
        if (available != null && available < 0) {
            return problem(new SandboxShop.Problem(400, "invalid_request", "available must be 0 or more"));
        }
        shop.setStock(sku, available == null ? 0 : available);
        return ResponseEntity.ok(Map.of("sku", sku, "available", available == null ? 0 : available));
    }

    @Scheduled(fixedDelayString = "${returnflow.commerce.sandbox.tick:1s}")
    void tick() {
        try {
            tell(shop.decideDue(false));
        } catch (RuntimeException e) {
            log.warn("Sandbox shop tick failed: {}", e.toString());
        }
    }

    /**
     * Tells ReturnFlow each decided order's answer. One that got no answer (no connection, 5xx) is told again next
     * time; a 4xx is ReturnFlow's final word on it (a contradicting answer, an order it gave up): logged and kept as
     * told, never repeated.
     */
    private List<String> tell(List<String> ids) {
        String url = properties.sandbox().outcomeUrl();
        if (url == null || url.isBlank()) {
            return List.of();
        }
        return ids.stream().filter(id -> {
            if (!shop.claimTelling(id)) {
                return false;
            }
            Map<String, Object> order = shop.order(id);
            String status = (String) order.get("status");
            Map<String, Object> outcome = SandboxShop.CONFIRMED.equals(status)
                    ? Map.of("outcome", "CONFIRMED", "shopOrderId", order.get("shopOrderId"))
                    : Map.of("outcome", "OUT_OF_STOCK", "reason", String.join(", ",
                    ((List<?>) order.get("outOfStockSkus")).stream().map(String::valueOf).toList()));
            try {
                http.post().uri(URI.create(endpoints.resolve(url) + "/" + id + "/outcome"))
                        .headers(h -> h.setBasicAuth(properties.sandbox().outcomeUser(),
                                properties.sandbox().outcomePassword()))
                        .contentType(MediaType.APPLICATION_JSON).body(outcome).retrieve().toBodilessEntity();
                log.info("Sandbox shop told ReturnFlow exchange order {} is {}", id, status);
                return true;
            } catch (HttpClientErrorException refused) {
                log.warn("Sandbox shop told ReturnFlow exchange order {} is {} and was refused ({}), not telling again:"
                        + " {}", id, status, refused.getStatusCode().value(), refused.getResponseBodyAsString());
                return false;
            } catch (RestClientException e) {
                shop.notTold(id);
                log.info("Sandbox shop could not tell exchange order {}, trying again: {}", id, e.getMessage());
                return false;
            }
        }).toList();
    }

    private boolean authorized(String authorization) {
        return ("Bearer " + properties.apiKey()).equals(authorization);
    }

    private static ResponseEntity<Object> problem(SandboxShop.Problem problem) {
        return ResponseEntity.status(problem.status()).contentType(PROBLEM).body(Map.of(
                "type", "https://shop.example/problems/" + problem.code(), "title", problem.code(),
                "status", problem.status(), "detail", problem.detail(), "code", problem.code()));
    }
}
