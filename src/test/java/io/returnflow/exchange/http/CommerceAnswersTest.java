package io.returnflow.exchange.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import feign.Request;
import feign.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.returnflow.exchange.CommerceUnavailableException;
import io.returnflow.exchange.ExchangeOrder;
import io.returnflow.exchange.ShopAnswer;
import io.returnflow.exchange.ShopAnswerNotUnderstoodException;

/** The protocol's vocabulary mapped to the port's, and anything outside it parked, never guessed. */
class CommerceAnswersTest {

    private final CommerceErrorDecoder decoder = new CommerceErrorDecoder(new ObjectMapper());

    @Test
    void everyDocumentedStatusIsThePortsAnswer() {
        assertThat(HttpCommerceGateway.answer(new ShopOrder("EX-1", "confirmed", "SHOP-1", null, null), "EX-1"))
                .isEqualTo(ShopAnswer.confirmed("SHOP-1"));
        assertThat(HttpCommerceGateway.answer(new ShopOrder("EX-1", "pending", null, null, null), "EX-1").outcome())
                .isEqualTo(ShopAnswer.Outcome.PENDING);
        assertThat(HttpCommerceGateway.answer(new ShopOrder("EX-1", "out_of_stock", null, List.of("SKU-9"), null),
                "EX-1")).isEqualTo(ShopAnswer.outOfStock(List.of("SKU-9")));
        for (String code : ShopProtocol.REFUSAL_CODES) {
            assertThat(HttpCommerceGateway.answer(new ShopOrder("EX-1", "refused", null, null,
                    new ShopOrder.Refusal(code, "no")), "EX-1")).isEqualTo(ShopAnswer.refused(code, "no"));
        }
    }

    @Test
    void aStatusOrRefusalCodeOutsideTheProtocolIsNotUnderstood() {
        assertThatThrownBy(() -> HttpCommerceGateway.answer(new ShopOrder("EX-1", "backordered", null, null, null),
                "EX-1")).isInstanceOf(ShopAnswerNotUnderstoodException.class).hasMessageContaining("'backordered'");
        assertThatThrownBy(() -> HttpCommerceGateway.answer(new ShopOrder("EX-1", "refused", null, null,
                new ShopOrder.Refusal("fraud_suspected", "?")), "EX-1"))
                .isInstanceOf(ShopAnswerNotUnderstoodException.class).hasMessageContaining("'fraud_suspected'");
        assertThatThrownBy(() -> HttpCommerceGateway.answer(new ShopOrder("EX-1", null, null, null, null), "EX-1"))
                .isInstanceOf(CommerceUnavailableException.class);
    }

    @Test
    void aConfirmationWithoutTheShopsOrderOrAnAnswerAboutAnotherOrderIsNotUnderstood() {
        assertThatThrownBy(() -> HttpCommerceGateway.answer(new ShopOrder("EX-1", "confirmed", null, null, null),
                "EX-1")).isInstanceOf(ShopAnswerNotUnderstoodException.class).hasMessageContaining("shopOrderId");
        assertThatThrownBy(() -> HttpCommerceGateway.answer(new ShopOrder("EX-1", "confirmed", " ", null, null),
                "EX-1")).isInstanceOf(ShopAnswerNotUnderstoodException.class).hasMessageContaining("shopOrderId");
        assertThatThrownBy(() -> HttpCommerceGateway.answer(new ShopOrder("EX-2", "confirmed", "SHOP-2", null, null),
                "EX-1")).isInstanceOf(ShopAnswerNotUnderstoodException.class).hasMessageContaining("'EX-2'");
    }

    @Test
    void anAnswerWithoutTheOrdersIdIsNotUnderstood() {
        assertThatThrownBy(() -> HttpCommerceGateway.answer(new ShopOrder(null, "confirmed", "SHOP-1", null, null),
                "EX-1")).isInstanceOf(ShopAnswerNotUnderstoodException.class).hasMessageContaining("without the order's id");
        assertThatThrownBy(() -> HttpCommerceGateway.answer(new ShopOrder(" ", "out_of_stock", null,
                List.of("SKU-9"), null), "EX-1")).isInstanceOf(ShopAnswerNotUnderstoodException.class);
    }

    @Test
    void aShopOrderIdLongerThanWeKeepIsNotUnderstoodAndOneThatFitsIsTaken() {
        String longest = "S".repeat(ExchangeOrder.SHOP_ORDER_ID_LENGTH);
        assertThat(HttpCommerceGateway.answer(new ShopOrder("EX-1", "confirmed", longest, null, null), "EX-1"))
                .isEqualTo(ShopAnswer.confirmed(longest));
        assertThatThrownBy(() -> HttpCommerceGateway.answer(new ShopOrder("EX-1", "confirmed", longest + "S", null,
                null), "EX-1")).isInstanceOf(ShopAnswerNotUnderstoodException.class)
                .hasMessageContaining("shopOrderId of " + (ExchangeOrder.SHOP_ORDER_ID_LENGTH + 1) + " characters");
        assertThatThrownBy(() -> HttpCommerceGateway.answer(new ShopOrder("EX-1", "pending", longest + "S", null,
                null), "EX-1")).isInstanceOf(ShopAnswerNotUnderstoodException.class);
    }

    @Test
    void longReasonsAndSkuListsAreValidAnswersKeptWhole() {
        // the protocol bounds neither: the port takes them as they are and the order's record fits them
        List<String> skus = java.util.stream.IntStream.range(0, 300).mapToObj(i -> "SKU-" + "X".repeat(50) + i)
                .toList();
        assertThat(HttpCommerceGateway.answer(new ShopOrder("EX-1", "out_of_stock", null, skus, null), "EX-1"))
                .isEqualTo(ShopAnswer.outOfStock(skus));
        String words = "w".repeat(5000);
        assertThat(HttpCommerceGateway.answer(new ShopOrder("EX-1", "refused", null, null,
                new ShopOrder.Refusal("price_changed", words)), "EX-1"))
                .isEqualTo(ShopAnswer.refused("price_changed", words));
    }

    @Test
    void aRefusalWithAnUndefinedCodeQuotesALongReasonOnlyInPart() {
        assertThatThrownBy(() -> HttpCommerceGateway.answer(new ShopOrder("EX-1", "refused", null, null,
                new ShopOrder.Refusal("fraud_suspected", "w".repeat(50_000))), "EX-1"))
                .isInstanceOf(ShopAnswerNotUnderstoodException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(1000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"invalid_request:400", "unauthorized:401", "idempotency_conflict:409", "in_flight:409",
            "rate_limited:429", "unavailable:503"})
    void everyDocumentedErrorCodeIsRetriedWithTheSameKey(String codeAndStatus) {
        String[] parts = codeAndStatus.split(":");
        Exception mapped = decoder.decode("CommerceClient#place", response(Integer.parseInt(parts[1]),
                "{\"type\":\"t\",\"status\":" + parts[1] + ",\"code\":\"" + parts[0] + "\",\"detail\":\"d\"}"));
        assertThat(mapped).isInstanceOf(CommerceUnavailableException.class).hasMessageContaining(parts[0]);
    }

    @Test
    void notFoundIsNoSuchOrder() {
        assertThat(decoder.decode("CommerceClient#get", response(404, "{\"code\":\"not_found\"}")))
                .isInstanceOf(ShopOrderNotFoundException.class);
    }

    @Test
    void anUndocumentedErrorCodeIsNotUnderstood() {
        assertThat(decoder.decode("CommerceClient#place", response(422, "{\"code\":\"exchange_window_closed\"}")))
                .isInstanceOf(ShopAnswerNotUnderstoodException.class)
                .hasMessageContaining("'exchange_window_closed'");
    }

    @Test
    void anAnswerWithoutAProblemIsJudgedByItsStatus() {
        assertThat(decoder.decode("CommerceClient#place", response(502, "<html>Bad gateway</html>")))
                .isInstanceOf(CommerceUnavailableException.class).hasMessageContaining("502");
    }

    private static Response response(int status, String body) {
        return Response.builder().status(status).reason("")
                .request(Request.create(Request.HttpMethod.POST, "http://shop/v1/exchange-orders", Map.of(), null,
                        StandardCharsets.UTF_8, null))
                .headers(Map.of()).body(body, StandardCharsets.UTF_8).build();
    }
}
