package io.returnflow.exchange.http;

import java.util.Optional;
import java.util.function.Supplier;

import feign.FeignException;
import io.returnflow.exchange.CommerceGateway;
import io.returnflow.exchange.CommerceProperties;
import io.returnflow.exchange.CommerceUnavailableException;
import io.returnflow.exchange.ExchangeOrder;
import io.returnflow.exchange.ExchangeOrderRequest;
import io.returnflow.exchange.ShopAnswer;
import io.returnflow.exchange.ShopAnswerNotUnderstoodException;
import io.returnflow.platform.EndpointResolver;
import io.returnflow.platform.Text;
import org.springframework.stereotype.Component;

/**
 * The commerce port over the generic shop protocol (README, "Exchanges"), the merchant's shop's or the in-app
 * sandbox's: our exchange order id as {@code Idempotency-Key}, money as decimal strings, the order's status in
 * lower case. Translates to the protocol's vocabulary here and nowhere else.
 */
@Component
class HttpCommerceGateway implements CommerceGateway {

    /**
     * How much of a value the shop sent that a message about it quotes: an answer of any length must still give a
     * readable incident, not the whole answer.
     */
    private static final int QUOTED_LENGTH = 200;

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
        // the protocol's answer names the order asked about: without that, nothing says it answers this order
        if (order.id() == null || order.id().isBlank()) {
            throw new ShopAnswerNotUnderstoodException("The shop answered for exchange order " + id
                    + " without the order's id, which the exchange protocol requires in every answer: find out what "
                    + "the shop means before retrying this step");
        }
        if (!order.id().equals(id)) {
            throw new ShopAnswerNotUnderstoodException("The shop answered for exchange order " + id
                    + " with the order '" + Text.fit(order.id(), QUOTED_LENGTH) + "': an answer about another order "
                    + "is not this order's answer; find out what the shop means before retrying this step");
        }
        // an id is never cut: one longer than we keep could not be followed up at the shop
        if (order.shopOrderId() != null && order.shopOrderId().length() > ExchangeOrder.SHOP_ORDER_ID_LENGTH) {
            throw new ShopAnswerNotUnderstoodException("The shop answered exchange order " + id + " with a "
                    + "shopOrderId of " + order.shopOrderId().length() + " characters ('"
                    + Text.fit(order.shopOrderId(), QUOTED_LENGTH) + "'), longer than the "
                    + ExchangeOrder.SHOP_ORDER_ID_LENGTH + " ReturnFlow keeps: find out what the shop means before "
                    + "retrying this step");
        }
        return switch (order.status()) {
            case ShopProtocol.CONFIRMED -> confirmed(order, id);
            case ShopProtocol.PENDING -> ShopAnswer.pending(order.shopOrderId());
            case ShopProtocol.OUT_OF_STOCK -> ShopAnswer.outOfStock(order.outOfStockSkus());
            case ShopProtocol.REFUSED -> refused(order, id);
            default -> throw new ShopAnswerNotUnderstoodException("The shop answered exchange order " + id
                    + " with the status '" + Text.fit(order.status(), QUOTED_LENGTH) + "', which the exchange protocol does not define: "
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
                    + Text.fit(code, QUOTED_LENGTH) + "', which the exchange protocol does not define (reason: "
                    + (order.refusal() == null ? null : Text.fit(order.refusal().reason(), QUOTED_LENGTH))
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
