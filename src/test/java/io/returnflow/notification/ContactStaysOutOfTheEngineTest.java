package io.returnflow.notification;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import io.returnflow.carrier.sandbox.SandboxCarrierOrders;
import io.returnflow.carrier.sandbox.SandboxCourier;
import io.returnflow.events.EventFeed;
import io.returnflow.events.EventSequencer;
import io.returnflow.support.Courier;
import io.returnflow.support.Eventually;

/**
 * The buyer's phone number and e-mail address live in the return's tables only: neither midway through a journey
 * nor after the whole of it (booked, collected, signed for, refunded, its messages written and sent) is either in
 * the engine's variables, their history or its byte arrays.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
@Import(RecordingSms.InPlaceOfTheProvider.class)
class ContactStaysOutOfTheEngineTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SandboxCourier sandboxCourier;
    @Autowired
    SandboxCarrierOrders sandboxOrders;
    @Autowired
    EventSequencer sequencer;
    @Autowired
    EventFeed feed;
    @Autowired
    BuyerNotifications reader;
    @Autowired
    NotificationSender sender;
    @Autowired
    RecordingSms sms;

    @Test
    @SuppressWarnings("unchecked")
    void aWholeJourneyLeavesTheBuyersContactOutOfTheEngine() {
        String phone = "137" + String.format("%08d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(),
                100_000_000L));
        String email = "contact-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Map<String, Object> body = homePickup(newOrderId());
        Map<String, Object> customer = (Map<String, Object>) body.get("customer");
        customer.put("phone", phone);
        customer.put("email", email);
        ResponseEntity<JsonNode> created = rest.withBasicAuth("merchant", "merchant").postForEntity("/api/returns",
                body, JsonNode.class);
        assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
        String id = created.getBody().path("id").asText();

        Courier courier = new Courier(sandboxCourier, sandboxOrders, jdbc);
        courier.collect(Courier.pickup(id, 1));
        // midway, while the journey's variables are live
        assertNoContact(phone, email);
        courier.sign(Courier.pickup(id, 1));
        Eventually.await("return " + id + " completed", Courier.REACH,
                () -> jdbc.sql("select status from returns where id = ?").param(id).query(String.class).single(),
                "COMPLETED"::equals);
        sequencer.placeAll();
        feed.feed(reader);
        sender.sendDue();
        assertThat(jdbc.sql("select count(*) from notifications where return_id = ? and status = 'SENT'")
                .param(id).query(Long.class).single()).as("the buyer was told (sms and e-mail of each step)")
                .isGreaterThanOrEqualTo(2);
        assertThat(sms.calls()).anyMatch(m -> m.phoneNumber().equals(phone));

        assertNoContact(phone, email);
        assertThat(jdbc.sql("select count(*) from ACT_HI_PROCINST where business_key_ like ?")
                .param("%" + id + "%").query(Long.class).single()).as("the journey is in the history")
                .isPositive();
    }

    private void assertNoContact(String phone, String email) {
        for (String table : List.of("ACT_HI_VARINST", "ACT_HI_DETAIL", "ACT_RU_VARIABLE")) {
            assertThat(jdbc.sql("select count(*) from " + table + " where text_ like ? or text_ like ?"
                            + " or text2_ like ? or text2_ like ? or name_ like ? or name_ like ?")
                    .params("%" + phone + "%", "%" + email + "%", "%" + phone + "%", "%" + email + "%",
                            "%" + phone + "%", "%" + email + "%")
                    .query(Long.class).single()).as(table).isZero();
        }
        List<byte[]> bytes = jdbc.sql("select bytes_ from ACT_GE_BYTEARRAY where bytes_ is not null")
                .query((rs, n) -> rs.getBytes(1)).list();
        assertThat(bytes).as("byte arrays").noneMatch(b -> {
            String text = new String(b, StandardCharsets.UTF_8) + new String(b, StandardCharsets.UTF_16BE);
            return text.contains(phone) || text.contains(email);
        });
    }
}
