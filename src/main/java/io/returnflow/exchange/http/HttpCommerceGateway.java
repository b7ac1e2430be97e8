package io.returnflow.exchange.http;

import java.util.Optional;
import java.util.function.Supplier;

import feign.FeignException;
import io.returnflow.exchange.CommerceGateway;
import io.returnflow.exchange.CommerceProperties;
import io.returnflow.exchange.CommerceUnavailableException;
import io.returnflow.exchange.ExchangeOrderRequest;
import io.returnflow.exchange.ShopAnswer;
import io.returnflow.exchange.ShopAnswerNotUnderstoodException;
import io.returnflow.platform.EndpointResolver;
import org.springframework.stereotype.Component;

/**
 * The commerce port over the generic shop protocol (README, "Exchanges"), the merchant's shop's or the in-app
 * sandbox's: our exchange order id as {@code Idempotency-Key}, money as decimal strings, the order's status in
 * lower case. Translates to the protocol's vocabulary here and nowhere else.
 */
@Component
class HttpCommerceGateway implements CommerceGateway {

    private final CommerceClient client;
    private final CommerceProperties properties;
    private final EndpointResolver endpoints;

    HttpCommerceGateway(CommerceClient client, CommerceProperties properties, EndpointResolver endpoints) {
        this.client = client;
        this.properties = properties;
        this.endpoints = endpoints;
    }

    @Override
    public ShopAnswer place(ExchangeOrderRequest order) {
        ShopOrderRequest body = new ShopOrderRequest(order.id(), order.returnId(), order.orderId(),
                order.customerId(), order.instant(), order.lines().stream()
                .map(line -> new ShopOrderRequest.Line(line.lineId(), line.sku(), line.name(), line.quantity(),
                        line.unitPrice().toPlainString()))
                .toList());
        ShopOrder answer = call(() -> client.place(endpoints.resolve(properties.baseUrl()), authorization(),
                order.id(), body));
        return answer(answer, order.id());
    }

    @Override
    public Optional<ShopAnswer> lookup(String exchangeOrderId) {
        try {
            ShopOrder answer = call(() -> client.get(endpoints.resolve(properties.baseUrl()), authorization(),
                    exchangeOrderId));
            return Optional.of(answer(answer, exchangeOrderId));
        } catch (ShopOrderNotFoundException unknown) {
            return Optional.empty();
        }
    }

    /** The port's answer; a status or refusal code outside the protocol is not understood. */
    static ShopAnswer answer(ShopOrder order, String id) {
        if (order == null || order.status() == null) {
            throw new CommerceUnavailableException("The shop answered for exchange order " + id
                    + " without an order status");
        }
        if (order.id() != null && !order.id().equals(id)) {
            throw new ShopAnswerNotUnderstoodException("The shop answered for exchange order " + id
                    + " with the order '" + order.id() + "': an answer about another order is not this order's "
                    + "answer; find out what the shop means before retrying this step");
        }
        return switch (order.status()) {
            case ShopProtocol.CONFIRMED -> confirmed(order, id);
            case ShopProtocol.PENDING -> ShopAnswer.pending(order.shopOrderId());
            case ShopProtocol.OUT_OF_STOCK -> ShopAnswer.outOfStock(order.outOfStockSkus());
            case ShopProtocol.REFUSED -> refused(order, id);
            default -> throw new ShopAnswerNotUnderstoodException("The shop answered exchange order " + id
                    + " with the status '" + order.status() + "', which the exchange protocol does not define: "
                    + "find out what the shop means before retrying this step");
        };
    }

    /** A confirmation names the shop's own order: without it nobody could follow the replacement up. */
    private static ShopAnswer confirmed(ShopOrder order, String id) {
        if (order.shopOrderId() == null || order.shopOrderId().isBlank()) {
            throw new ShopAnswerNotUnderstoodException("The shop confirmed exchange order " + id
                    + " without its shopOrderId, which the exchange protocol requires with a confirmation: "
                    + "find out what the shop means before retrying this step");
        }
        return ShopAnswer.confirmed(order.shopOrderId());
    }

    private static ShopAnswer refused(ShopOrder order, String id) {
        String code = order.refusal() == null ? null : order.refusal().code();
        if (code == null || !ShopProtocol.REFUSAL_CODES.contains(code)) {
            throw new ShopAnswerNotUnderstoodException("The shop refused exchange order " + id + " with the code '"
                    + code + "', which the exchange protocol does not define (reason: "
                    + (order.refusal() == null ? null : order.refusal().reason())
                    + "): find out what the shop means before retrying this step");
        }
        return ShopAnswer.refused(code, order.refusal().reason());
    }

    private String authorization() {
        return "Bearer " + properties.apiKey();
    }

    /** A {@link FeignException} left over never got an answer (timeout, refused connection) or an unreadable one. */
    private <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (FeignException failed) {
            throw new CommerceUnavailableException("The shop could not be reached at " + properties.baseUrl() + " ("
                    + failed.getMessage() + "); retry later with the same key", failed);
        }
    }
}
