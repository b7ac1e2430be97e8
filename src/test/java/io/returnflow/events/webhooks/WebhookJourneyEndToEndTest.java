package io.returnflow.events.webhooks;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import io.returnflow.carrier.sandbox.SandboxCarrierOrders;
import io.returnflow.carrier.sandbox.SandboxCourier;
import io.returnflow.platform.RandomIds;
import io.returnflow.support.Courier;
import io.returnflow.support.Eventually;

/**
 * A whole home-pickup journey (sandbox carrier and payment provider) with a webhook endpoint registered at the
 * in-app sandbox merchant receiver: every event of the return arrives, in order, correctly signed; while the
 * receiver is down nothing arrives and nothing is lost, and once it is back everything arrives, each event once in
 * its list (a replay counts as a second arrival of the same event). The webhook worker is driven by the test
 * (its schedule is off), and a failed delivery is due again at once ({@code first-retry: 0s}), so nothing waits
 * for the clock.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "returnflow.webhooks.delivery-interval=3650d", "returnflow.webhooks.first-retry=0s"})
@ActiveProfiles("test")
@DirtiesContext
class WebhookJourneyEndToEndTest {

    private static final Duration JOURNEY_TIMEOUT = Duration.ofSeconds(120);

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    WebhookWorker worker;
    @Autowired
    SandboxCourier sandboxCourier;
    @Autowired
    SandboxCarrierOrders sandboxOrders;
    @LocalServerPort
    int port;

    @Test
    void theMerchantsReceiverGetsEveryEventOfAJourneyInOrderSignedAndOnceAfterAnOutage() {
        String name = "erp-" + RandomIds.readable("", 6).toLowerCase();
        String receiver = "/sandbox/merchant-receiver/" + name;
        assertThat(configure(receiver, map("down", false)).getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<JsonNode> created = merchant().postForEntity("/api/webhook-endpoints",
                map("url", "http://localhost:" + port + receiver, "eventTypes", List.of("*")), JsonNode.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String endpoint = created.getBody().path("id").asText();
        configure(receiver, map("secret", created.getBody().path("secret").asText(), "down", false));

        ResponseEntity<JsonNode> requested = merchant().postForEntity("/api/returns", homePickup(newOrderId()),
                JsonNode.class);
        assertThat(requested.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String returnId = requested.getBody().path("id").asText();
        List<String> early = awaitFannedOut(endpoint, returnId, "pickup.booked");
        worker.deliverDue();
        assertThat(arrived(receiver).findValuesAsText("eventId")).containsExactlyElementsOf(early);

        configure(receiver, map("down", true));
        new Courier(sandboxCourier, sandboxOrders, jdbc).deliver(Courier.pickup(returnId, 1));
        Eventually.await("return " + returnId + " to complete", JOURNEY_TIMEOUT,
                () -> merchant().getForObject("/api/returns/" + returnId, JsonNode.class),
                r -> "COMPLETED".equals(r.path("status").asText()));
        List<String> all = awaitFannedOut(endpoint, returnId, "return.completed");
        assertThat(all.size()).isGreaterThan(early.size());
        worker.deliverDue();
        worker.deliverDue();

        assertThat(arrived(receiver).findValuesAsText("eventId")).as("nothing while down")
                .containsExactlyElementsOf(early);
        JsonNode waiting = merchant().getForObject("/api/webhook-endpoints/" + endpoint
                + "/deliveries?status=PENDING", JsonNode.class).path("deliveries");
        assertThat(waiting).hasSize(all.size() - early.size());
        assertThat(waiting.get(0).path("attemptLog").findValuesAsText("httpStatus")).containsOnly("503");
        assertThat(waiting.get(1).path("attempts").asInt()).as("later events wait for the earlier").isZero();

        configure(receiver, map("down", false));
        worker.deliverDue();

        JsonNode events = arrived(receiver);
        assertThat(events.findValuesAsText("eventId")).containsExactlyElementsOf(all);
        assertThat(events.findValuesAsText("type")).startsWith("return.requested", "pickup.booked")
                .endsWith("return.completed").contains("refund.succeeded", "parcel.received");
        events.forEach(e -> {
            assertThat(e.path("signatureValid").asBoolean()).as(e.toString()).isTrue();
            assertThat(e.path("timesReceived").asInt()).isEqualTo(1);
            assertThat(e.path("returnId").asText()).isEqualTo(returnId);
        });

        String replayed = all.get(all.size() - 1);
        assertThat(merchant().postForEntity("/api/webhook-endpoints/" + endpoint + "/replays",
                map("eventId", replayed), JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        worker.deliverDue();
        JsonNode again = arrived(receiver);
        assertThat(again.findValuesAsText("eventId")).as("each event once in the list").containsExactlyElementsOf(all);
        assertThat(again.get(all.size() - 1).path("timesReceived").asInt()).isEqualTo(2);
    }

    /** The return's events up to the one of this type, once each has its delivery to the endpoint; in order. */
    private List<String> awaitFannedOut(String endpoint, String returnId, String lastType) {
        List<String> ids = Eventually.await("the events of " + returnId + " up to " + lastType, JOURNEY_TIMEOUT,
                () -> {
                    JsonNode events = merchant().getForObject("/api/events?returnId=" + returnId, JsonNode.class)
                            .path("events");
                    List<String> found = new ArrayList<>();
                    boolean reached = false;
                    for (JsonNode event : events) {
                        found.add(event.path("id").asText());
                        reached |= event.path("type").asText().equals(lastType);
                    }
                    return reached ? found : List.<String>of();
                }, found -> !found.isEmpty());
        Eventually.await("the deliveries of " + returnId + "'s events", JOURNEY_TIMEOUT,
                () -> jdbc.sql("select count(*) from webhook_deliveries where endpoint_id = ? and return_id = ?")
                        .params(endpoint, returnId).query(Long.class).single() >= ids.size());
        return ids;
    }

    private JsonNode arrived(String receiver) {
        ResponseEntity<JsonNode> answer = rest.getForEntity(receiver + "/events", JsonNode.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return answer.getBody().path("events");
    }

    private ResponseEntity<JsonNode> configure(String receiver, Object body) {
        return rest.exchange(receiver, HttpMethod.PUT, new HttpEntity<>(body), JsonNode.class);
    }

    private TestRestTemplate merchant() {
        return rest.withBasicAuth("merchant", "merchant");
    }
}
