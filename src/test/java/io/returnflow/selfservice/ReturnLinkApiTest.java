package io.returnflow.selfservice;

import static io.returnflow.selfservice.BuyerLinks.api;
import static io.returnflow.selfservice.BuyerLinks.choice;
import static io.returnflow.selfservice.BuyerLinks.dropOffAt;
import static io.returnflow.selfservice.BuyerLinks.link;
import static io.returnflow.selfservice.BuyerLinks.order;
import static io.returnflow.selfservice.BuyerLinks.pickupAt;
import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

import io.returnflow.journey.CarrierUpdateRouter;
import io.returnflow.carrier.TrackingState;
import io.returnflow.carrier.TrackingUpdate;
import io.returnflow.carrier.sandbox.SandboxCarrierOrders;
import io.returnflow.carrier.sandbox.SandboxCourier;

import io.returnflow.support.Courier;
import io.returnflow.support.Eventually;
import io.returnflow.support.Timers;

/**
 * Return links over HTTP: the merchant makes one from an order, the buyer reads the order line by line as the
 * eligibility table sees it, gets quotes, starts a return once per choice, follows it, cancels it (not once it is
 * handed over) and after a missed pickup chooses another window. The sandbox courier is driven by the test, and
 * the no-show timer fired by executing its job.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "returnflow.self-service.allowance.calls=25")
@ActiveProfiles("test")
@DirtiesContext
class ReturnLinkApiTest {

    private static final Duration JOURNEY = Duration.ofSeconds(120);
    private static final String COURIER_DID_NOT_COME = "Event_CourierDidNotCome";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    LinkTokens tokens;
    @Autowired
    ReturnLinks links;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    SandboxCourier sandboxCourier;
    @Autowired
    SandboxCarrierOrders sandboxOrders;
    @Autowired
    CarrierUpdateRouter carrierUpdates;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void aMerchantMakesALinkWhoseUrlOpensTheBuyersPageForTheDefaultFourteenDays() {
        ResponseEntity<JsonNode> made = rest.withBasicAuth("merchant", "merchant")
                .postForEntity("/api/return-links", order(newOrderId(), "科技园 1 号"), JsonNode.class);

        assertThat(made.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String id = made.getBody().path("id").asText();
        assertThat(id).startsWith("RL-");
        assertThat(made.getBody().path("url").asText()).matches("http://localhost:\\d+/returns/#" + id
                + "\\.\\d+\\.[A-Za-z0-9_-]{43}");
        OffsetDateTime expiresAt = OffsetDateTime.parse(made.getBody().path("expiresAt").asText());
        assertThat(expiresAt).isCloseTo(OffsetDateTime.now().plusDays(14), org.assertj.core.api.Assertions.within(
                1, ChronoUnit.MINUTES));
        // the buyer's contact stays in the link's table
        assertThat(jdbc.sql("select customer_phone from return_links where id = :id").param("id", id)
                .query(String.class).single()).isEqualTo("13900000000");
    }

    @Test
    void aLinkForABadOrderIsRefusedNamingTheFields() {
        Map<String, Object> order = order(newOrderId(), "x");
        ((Map<String, Object>) order.get("customer")).remove("name");
        ((Map<String, Object>) order.get("payment")).put("currency", "USD");
        order.put("expiresIn", "P61D");

        ResponseEntity<JsonNode> refused = rest.withBasicAuth("merchant", "merchant")
                .postForEntity("/api/return-links", order, JsonNode.class);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.getBody().path("errors").findValuesAsText("field")).contains("customer.name");

        ((Map<String, Object>) order.get("customer")).put("name", "李四");
        refused = rest.withBasicAuth("merchant", "merchant").postForEntity("/api/return-links", order, JsonNode.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("payment.currency", "expiresIn");
        // an order placed or delivered longer ago than a return accepts would make a link whose return fails
        order.put("payment", map("provider", "sandbox", "chargeId", "ch_x", "currency", "CNY", "amountPaid", "625.00"));
        order.remove("expiresIn");
        order.put("orderedAt", "-4800-01-01T00:00Z");
        refused = rest.withBasicAuth("merchant", "merchant").postForEntity("/api/return-links", order, JsonNode.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("errors").findValuesAsText("field")).containsExactly("orderedAt");
        order.put("deliveredAt", "-4800-01-02T00:00Z");
        refused = rest.withBasicAuth("merchant", "merchant").postForEntity("/api/return-links", order, JsonNode.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("orderedAt", "deliveredAt");
        // a buyer cannot make links
        assertThat(rest.postForEntity("/api/return-links", order, JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void theBuyersPageIsHeldToThePaymentTheOrdersFirstReturnFixed() {
        String orderId = newOrderId();
        String token = link(rest, order(orderId, "科技园 1 号"));
        // the merchant's own return of another line of the order, stating that it paid 700.00 (the link says 625.00)
        Map<String, Object> first = io.returnflow.support.ReturnRequests.storeDropOff(orderId, "S-SZ-001");
        first.put("payment", map("provider", "sandbox", "chargeId", "ch_" + orderId, "currency", "CNY",
                "amountPaid", "700.00"));
        io.returnflow.support.ReturnRequests.item(first, 0).put("lineId", "L9");
        assertThat(rest.withBasicAuth("merchant", "merchant").postForEntity("/api/returns", first, JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);

        ResponseEntity<JsonNode> quote = rest.postForEntity(api(token) + "/quote", choice("CHANGED_MIND", "L1", 1),
                JsonNode.class);
        ResponseEntity<JsonNode> confirm = rest.postForEntity(api(token) + "/return",
                dropOffAt("S-SZ-001", "CHANGED_MIND", "L1", 1), JsonNode.class);
        ResponseEntity<JsonNode> anotherLink = rest.withBasicAuth("merchant", "merchant")
                .postForEntity("/api/return-links", order(orderId, "科技园 1 号"), JsonNode.class);

        for (ResponseEntity<JsonNode> refused : List.of(quote, confirm, anotherLink)) {
            assertThat(refused.getStatusCode()).as(String.valueOf(refused.getBody())).isEqualTo(HttpStatus.CONFLICT);
            assertThat(refused.getBody().path("type").asText()).endsWith("/order-payment-differs");
            assertThat(refused.getBody().path("errors").findValuesAsText("field"))
                    .containsExactly("payment.amountPaid");
        }
        assertThat(jdbc.sql("select count(*) from returns where order_id = ?").param(orderId).query(Long.class)
                .single()).as("only the merchant's return").isEqualTo(1);
        Map<String, Object> asPaid = order(orderId, "科技园 1 号");
        ((Map<String, Object>) asPaid.get("payment")).put("amountPaid", "700");
        assertThat(rest.withBasicAuth("merchant", "merchant").postForEntity("/api/return-links", asPaid,
                JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void theOrderShowsEachLineAsTheEligibilityTableSeesIt() {
        String token = link(rest, order(newOrderId(), "科技园 1 号"));

        JsonNode order = rest.getForObject(api(token), JsonNode.class);

        assertThat(order.path("language").asText()).isEqualTo("zh-CN");
        assertThat(order.path("shippingAddress").path("city").asText()).isEqualTo("深圳市");
        JsonNode lines = order.path("lines");
        assertThat(lines.get(0).path("returnable").asBoolean()).isTrue();
        assertThat(texts(lines.get(0).path("reasons"))).contains("DEFECTIVE", "SIZE_FIT", "CHANGED_MIND");
        assertThat(lines.get(1).path("returnable").asBoolean()).isFalse();
        assertThat(lines.get(1).path("refusalCode").asText()).isEqualTo("NON_RETURNABLE_CATEGORY");
        assertThat(lines.get(1).path("refusal").asText()).isEqualTo("L2: category food is not returnable");
        assertThat(texts(lines.get(1).path("reasons"))).isEmpty();
        assertThat(order.path("returnId").isNull()).isTrue();
    }

    @Test
    void aQuoteGivesTheRefundOfEachWayBackAsTheApiQuotesIt() {
        Map<String, Object> order = order(newOrderId(), "科技园 1 号");
        String token = link(rest, order);

        JsonNode quote = rest.postForObject(api(token) + "/quote", choice("CHANGED_MIND", "L1", 1), JsonNode.class);

        assertThat(quote.path("eligible").asBoolean()).isTrue();
        assertThat(quote.path("options").findValuesAsText("method")).containsExactly("HOME_PICKUP", "STORE_DROPOFF");
        // the same as POST /api/return-quotes for the same return
        Map<String, Object> request = new java.util.LinkedHashMap<>(order);
        request.remove("shippingAddress");
        request.put("items", List.of(map("lineId", "L1", "sku", "SKU-TEE", "name", "T 恤", "category", "apparel",
                "quantity", 1, "unitPrice", "99.00")));
        request.put("reason", "CHANGED_MIND");
        request.put("method", "STORE_DROPOFF");
        request.put("dropOff", map("storeId", "S-SZ-001"));
        JsonNode api = rest.withBasicAuth("merchant", "merchant")
                .postForObject("/api/return-quotes", request, JsonNode.class);
        JsonNode atStore = rest.postForObject(api(token) + "/quote",
                dropOffAt("S-SZ-001", "CHANGED_MIND", "L1", 1), JsonNode.class);
        assertThat(atStore.path("options").get(0).path("refund")).isEqualTo(api.path("refund"));
        assertThat(atStore.path("options").get(0).path("freight")).isEqualTo(api.path("freight"));
        // the buyer bears the freight of a change of mind: deducted from the refund
        assertThat(api.path("freight").path("payer").asText()).isEqualTo("BUYER");
        assertThat(api.path("refund").path("freightDeducted").asText()).isNotEqualTo("0.00");

        ResponseEntity<JsonNode> tooMany = rest.postForEntity(api(token) + "/quote", choice("CHANGED_MIND", "L1", 3),
                JsonNode.class);
        assertThat(tooMany.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(tooMany.getBody().path("errors").findValuesAsText("field")).containsExactly("lines[0].quantity");
        ResponseEntity<JsonNode> notOurs = rest.postForEntity(api(token) + "/quote", choice("OTHER", "L9", 1),
                JsonNode.class);
        assertThat(notOurs.getBody().path("errors").findValuesAsText("field")).containsExactly("lines[0].lineId");
        ResponseEntity<JsonNode> noReason = rest.postForEntity(api(token) + "/quote",
                map("lines", List.of(map("lineId", "L1", "quantity", 1))), JsonNode.class);
        assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noReason.getBody().path("errors").findValuesAsText("field")).containsExactly("reason");
    }

    @Test
    void anotherSpellingOfTheSameSignatureIsNotATokenEither() {
        String token = link(rest, order(newOrderId(), "科技园 1 号"));
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = token.charAt(token.length() - 1);
        // the last of 43 Base64url characters carries two bits decoding drops: flipping one decodes to the same bytes
        char sameBytes = alphabet.charAt(alphabet.indexOf(last) ^ 1);
        String respelled = token.substring(0, token.length() - 1) + sameBytes;

        assertThat(java.util.Base64.getUrlDecoder().decode(respelled.substring(respelled.lastIndexOf('.') + 1)))
                .isEqualTo(java.util.Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1)));
        assertThat(rest.getForEntity(api(token), JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(rest.getForEntity(api(respelled), JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aForgedTokenIsNotFoundAndAnExpiredLinkIsGone() {
        String token = link(rest, order(newOrderId(), "科技园 1 号"));
        char last = token.charAt(token.length() - 1);
        String forged = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        String[] parts = token.split("\\.");
        String longer = parts[0] + "." + (Long.parseLong(parts[1]) + 86_400) + "." + parts[2];

        for (String bad : List.of(forged, longer, "RL-NOTHING", parts[0])) {
            ResponseEntity<JsonNode> answer = rest.getForEntity(api(bad), JsonNode.class);
            assertThat(answer.getStatusCode()).as(bad).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        }

        OffsetDateTime expired = OffsetDateTime.now().minusHours(1).truncatedTo(ChronoUnit.SECONDS);
        var linked = links.find(parts[0]).orElseThrow();
        String oldId = parts[0] + "X";
        links.insert(new ReturnLink(oldId, linked.orderId(), linked.orderedAt(), linked.deliveredAt(),
                linked.customer(), linked.payment(), linked.items(), null, "merchant",
                expired.minusDays(14), expired, null, null, 0));
        ResponseEntity<JsonNode> gone = rest.getForEntity(api(tokens.sign(oldId, expired.toInstant())),
                JsonNode.class);
        assertThat(gone.getStatusCode()).isEqualTo(HttpStatus.GONE);
        assertThat(gone.getBody().path("type").asText()).endsWith("/link-expired");
    }

    @Test
    void aDropOffIsStartedOnceFollowedWithItsCodeAndQrAndCancelled() {
        String token = link(rest, order(newOrderId(), "科技园 1 号"));
        Map<String, Object> choice = dropOffAt("S-SZ-001", "SIZE_FIT", "L1", 2);

        ResponseEntity<JsonNode> started = rest.postForEntity(api(token) + "/return", choice, JsonNode.class);
        ResponseEntity<JsonNode> again = rest.postForEntity(api(token) + "/return", choice, JsonNode.class);

        assertThat(started.getStatusCode()).as(String.valueOf(started.getBody())).isEqualTo(HttpStatus.CREATED);
        String id = started.getBody().path("id").asText();
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody().path("id").asText()).isEqualTo(id);
        assertThat(jdbc.sql("select count(*) from returns where order_id = (select order_id from return_links "
                + "where return_id = :id)").param("id", id).query(Long.class).single()).isEqualTo(1);
        // another choice while it is open
        ResponseEntity<JsonNode> other = rest.postForEntity(api(token) + "/return",
                dropOffAt("S-SZ-001", "SIZE_FIT", "L3", 1), JsonNode.class);
        assertThat(other.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(other.getBody().path("type").asText()).endsWith("/open-return");

        JsonNode coded = Eventually.await("the drop-off code", JOURNEY,
                () -> rest.getForObject(api(token) + "/return", JsonNode.class),
                r -> !r.path("dropOff").path("code").asText().isEmpty());
        assertThat(coded.path("status").asText()).isEqualTo("AWAITING_DROP_OFF");
        assertThat(coded.path("dropOff").path("store").path("openingHours").asText()).isNotBlank();
        assertThat(coded.path("timeline").findValuesAsText("type")).contains("REQUESTED", "DROP_OFF_CODE_ISSUED");
        assertThat(coded.path("cancellable").asBoolean()).isTrue();
        ResponseEntity<byte[]> qr = rest.getForEntity(coded.path("dropOff").path("qr").asText(), byte[].class);
        assertThat(qr.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(qr.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_PNG);
        assertThat(rest.getForObject(api(token), JsonNode.class).path("returnId").asText()).isEqualTo(id);

        ResponseEntity<JsonNode> cancelled = rest.postForEntity(api(token) + "/return/cancellation",
                map("reason", "买错了尺码"), JsonNode.class);
        assertThat(cancelled.getStatusCode()).isEqualTo(HttpStatus.OK);
        Eventually.await("the return cancelled", JOURNEY,
                () -> rest.getForObject(api(token) + "/return", JsonNode.class),
                r -> "CANCELLED".equals(r.path("status").asText()));
        // closed: the link may start another
        ResponseEntity<JsonNode> next = rest.postForEntity(api(token) + "/return",
                dropOffAt("S-SZ-001", "SIZE_FIT", "L3", 1), JsonNode.class);
        assertThat(next.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(next.getBody().path("id").asText()).isNotEqualTo(id);
    }

    @Test
    void anIneligibleLineIsRefusedAsTheApiRefusesIt() {
        String token = link(rest, order(newOrderId(), "科技园 1 号"));

        ResponseEntity<JsonNode> refused = rest.postForEntity(api(token) + "/return",
                dropOffAt("S-SZ-001", "DEFECTIVE", "L1", 1, "L2", 1), JsonNode.class);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(refused.getBody().path("type").asText()).endsWith("/not-eligible");
        assertThat(texts(refused.getBody().path("reasons"))).containsExactly("L2: category food is not returnable");
        // the refused return is closed: the eligible lines alone may go back
        assertThat(rest.postForEntity(api(token) + "/return", dropOffAt("S-SZ-001", "DEFECTIVE", "L1", 1),
                JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void aPickupCannotBeCancelledOnceTheCourierHasTheParcel() {
        String token = link(rest, order(newOrderId(), "科技园 1 号"));
        ResponseEntity<JsonNode> started = rest.postForEntity(api(token) + "/return",
                pickupAt("科技园 1 号", "DEFECTIVE", "L3", 1), JsonNode.class);
        assertThat(started.getStatusCode()).as(String.valueOf(started.getBody())).isEqualTo(HttpStatus.CREATED);
        String id = started.getBody().path("id").asText();
        Eventually.await("the booking", JOURNEY, () -> rest.getForObject(api(token) + "/return", JsonNode.class),
                r -> "AWAITING_PICKUP".equals(r.path("status").asText()));
        // the carrier names the courier, twice: the buyer sees it once, as the journey records it
        for (int i = 0; i < 2; i++) {
            transactions.executeWithoutResult(s -> carrierUpdates.apply(new TrackingUpdate(id, Courier.pickup(id, 1),
                    null, TrackingState.COURIER_ASSIGNED, OffsetDateTime.now(), "南山", "分配快递员",
                    TrackingUpdate.Report.PICKUP_ORDER, new TrackingUpdate.Courier("李师傅", "13900000001", "2222"),
                    null, null)));
        }
        assertThat(rest.getForObject(api(token) + "/return", JsonNode.class).path("timeline")
                .findValuesAsText("type")).containsExactly("REQUESTED", "PICKUP_BOOKED", "PICKUP_COURIER_ASSIGNED");

        courier().collect(Courier.pickup(id, 1));
        JsonNode collected = Eventually.await("the collection", JOURNEY,
                () -> rest.getForObject(api(token) + "/return", JsonNode.class),
                r -> "IN_TRANSIT".equals(r.path("status").asText()));
        assertThat(collected.path("cancellable").asBoolean()).isFalse();
        assertThat(collected.path("pickup").path("window").path("start").asText()).isNotBlank();

        ResponseEntity<JsonNode> refused = rest.postForEntity(api(token) + "/return/cancellation", null,
                JsonNode.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody().path("type").asText()).endsWith("/parcel-on-its-way");
    }

    @Test
    void afterAMissedPickupTheBuyerChoosesAnotherWindowInsteadOfCustomerService() {
        String token = link(rest, order(newOrderId(), "x"));
        ResponseEntity<JsonNode> started = rest.postForEntity(api(token) + "/return",
                pickupAt("科技园 1 号 sandbox:no-show-always", "DEFECTIVE", "L1", 1), JsonNode.class);
        String id = started.getBody().path("id").asText();
        // nothing was missed yet
        JsonNode booked = Eventually.await("the booking", JOURNEY,
                () -> rest.getForObject(api(token) + "/return", JsonNode.class),
                r -> "AWAITING_PICKUP".equals(r.path("status").asText()));
        assertThat(booked.path("windowChoice").isNull()).isTrue();
        String tomorrow = booked.path("pickup").path("window").path("start").asText();
        ResponseEntity<JsonNode> early = rest.postForEntity(api(token) + "/return/pickup-window",
                map("start", tomorrow), JsonNode.class);
        assertThat(early.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(early.getBody().path("type").asText()).endsWith("/no-missed-pickup");

        // the first courier and the two the journey books by itself miss their windows
        for (int attempt = 1; attempt <= 3; attempt++) {
            new Timers(runtime, management).fire("return-journey", id, COURIER_DID_NOT_COME);
        }
        JsonNode missed = Eventually.await("the windows to choose from", JOURNEY,
                () -> rest.getForObject(api(token) + "/return", JsonNode.class),
                r -> r.path("windowChoice").isArray() && !r.path("windowChoice").isEmpty());
        assertThat(missed.path("timeline").findValuesAsText("type")).contains("PICKUP_REBOOKED");
        String chosen = missed.path("windowChoice").get(1).path("start").asText();

        ResponseEntity<JsonNode> notOffered = rest.postForEntity(api(token) + "/return/pickup-window",
                map("start", OffsetDateTime.parse(chosen).plusMinutes(30).toString()), JsonNode.class);
        assertThat(notOffered.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(notOffered.getBody().path("errors").findValuesAsText("field")).containsExactly("start");

        ResponseEntity<JsonNode> rebooked = rest.postForEntity(api(token) + "/return/pickup-window",
                map("start", chosen), JsonNode.class);
        assertThat(rebooked.getStatusCode()).as(String.valueOf(rebooked.getBody())).isEqualTo(HttpStatus.OK);
        assertThat(rebooked.getBody().path("windowChoice").isNull()).isTrue();
        JsonNode fourth = Eventually.await("the chosen window booked", JOURNEY,
                () -> rest.getForObject(api(token) + "/return", JsonNode.class),
                r -> r.path("pickup").path("attempt").asInt() == 4);
        assertThat(OffsetDateTime.parse(fourth.path("pickup").path("window").path("start").asText()))
                .isEqualTo(OffsetDateTime.parse(chosen));
        List<String> actors = rest.withBasicAuth("merchant", "merchant")
                .getForObject("/api/returns/" + id + "/timeline", JsonNode.class).findValuesAsText("actor");
        assertThat(actors).contains(BuyerDesk.BUYER);
    }

    @Test
    void aLinkThatCallsTooOftenWaitsItsTurn() {
        String token = link(rest, order(newOrderId(), "科技园 1 号"));
        List<HttpStatus> answers = new ArrayList<>();
        ResponseEntity<JsonNode> last = null;
        for (int i = 0; i < 26; i++) {
            last = rest.getForEntity(api(token), JsonNode.class);
            answers.add(HttpStatus.valueOf(last.getStatusCode().value()));
        }

        assertThat(answers.subList(0, 25)).containsOnly(HttpStatus.OK);
        assertThat(last.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(last.getBody().path("type").asText()).endsWith("/too-many-requests");
        assertThat(Long.parseLong(last.getHeaders().getFirst("Retry-After"))).isBetween(1L, 600L);
        // following the return is not counted
        assertThat(rest.getForEntity(api(token) + "/return", JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void thePageAndItsCallsKeepTheTokenToThemselves() {
        ResponseEntity<String> page = rest.getForEntity("/returns/", String.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getHeaders().getFirst("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(page.getHeaders().getFirst("Content-Security-Policy")).contains("script-src 'self'")
                .contains("frame-ancestors 'none'");
        assertThat(page.getHeaders().getFirst("Set-Cookie")).isNull();
    }

    @Test
    void theHouseStyleIsPublicAndAskedForAgainEachTime() {
        ResponseEntity<String> page = rest.getForEntity("/returns/", String.class);
        // linked before the page's own stylesheet, from the page's own origin, which its policy allows
        assertThat(page.getBody()).containsSubsequence("href=\"/ui/house.css\"", "href=\"/returns/buyer.css\"");
        assertThat(page.getHeaders().getFirst("Content-Security-Policy")).contains("style-src 'self'");

        ResponseEntity<String> style = rest.getForEntity("/ui/house.css", String.class);
        assertThat(style.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(style.getHeaders().getContentType()).isNotNull()
                .satisfies(type -> assertThat(type.isCompatibleWith(MediaType.valueOf("text/css"))).isTrue());
        assertThat(style.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(style.getHeaders().getCacheControl()).isEqualTo("no-cache");
        assertThat(style.getHeaders().getFirst("Set-Cookie")).isNull();
        assertThat(style.getBody()).contains("--blue:");
        String tag = style.getHeaders().getETag();
        assertThat(tag).isNotBlank();

        HttpHeaders asked = new HttpHeaders();
        asked.setIfNoneMatch(tag);
        ResponseEntity<String> again = rest.exchange("/ui/house.css", HttpMethod.GET, new HttpEntity<>(asked),
                String.class);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.NOT_MODIFIED);
    }

    Courier courier() {
        return new Courier(sandboxCourier, sandboxOrders, jdbc);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

}
