package io.returnflow.notification;

import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.returnflow.notification.sandbox.SandboxMailbox;
import io.returnflow.events.EventFeed;
import io.returnflow.events.EventSequencer;
import io.returnflow.notification.sms.SmsResult;
import io.returnflow.support.MutableClock;
import io.returnflow.support.SharedPostgres;

/**
 * Two nodes' senders on one PostgreSQL never send a message twice: a message one sends is claimed, and the other
 * passes it by, whether it looks while the first is mid-send or both start at the same moment on the same
 * messages.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false", "returnflow.events.sequence-interval=3650d",
        "returnflow.events.feed-interval=3650d"})
@ActiveProfiles("test")
@DirtiesContext
@Import(RecordingSms.InPlaceOfTheProvider.class)
class TwoSendersTest {

    /** Generous: the bound of a test that went wrong, never what a passing run waits. */
    private static final long STUCK_MINUTES = 5;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SharedPostgres.useNewDatabase(registry, "notifications");
    }

    @Autowired
    TestRestTemplate rest;
    @Autowired
    EventSequencer sequencer;
    @Autowired
    EventFeed feed;
    @Autowired
    BuyerNotifications reader;
    @Autowired
    NotificationSender sender;
    @Autowired
    Notifications notifications;
    @Autowired
    SandboxMailbox mailbox;
    @Autowired
    RecordingSms sms;

    final ExecutorService otherNode = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        otherNode.shutdownNow();
    }

    @Test
    void aMessageOneNodeIsSendingIsPassedByTheOther() {
        String phone = uniquePhone();
        String email = uniqueEmail();
        String id = create(phone, email);
        sequencer.placeAll();
        feed.feed(reader);
        MutableClock clock = afterTheMessages();
        NotificationSender first = sender.withClock(clock);
        NotificationSender second = sender.withClock(clock);
        List<Integer> triedBySecond = new ArrayList<>();
        // while the first node is inside the provider's call, the second node looks for due messages
        sms.then(phone, m -> {
            triedBySecond.add(await(otherNode.submit(second::sendDue)));
            return new SmsResult.Sent("biz-" + m.messageId());
        });

        first.sendDue();

        assertThat(triedBySecond).hasSize(1);
        Notification text = only(id, NotificationChannel.SMS);
        assertThat(text.status()).isEqualTo(Notification.Status.SENT);
        assertThat(text.attempts()).isEqualTo(1);
        assertThat(sms.callsOf(text.id())).as("sent by one node only").hasSize(1);
        assertThat(only(id, NotificationChannel.EMAIL).status()).isEqualTo(Notification.Status.SENT);
        assertThat(mailbox.messages(email)).hasSize(1);
    }

    @Test
    void twoNodesStartingTogetherSendEachMessageOnce() throws Exception {
        Map<String, String> buyers = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 15; i++) {
            String email = uniqueEmail();
            buyers.put(create(uniquePhone(), email), email);
        }
        sequencer.placeAll();
        feed.feed(reader);
        MutableClock clock = afterTheMessages();
        CyclicBarrier together = new CyclicBarrier(2);
        List<Future<Integer>> nodes = new ArrayList<>();
        for (int node = 0; node < 2; node++) {
            NotificationSender one = sender.withClock(clock);
            nodes.add(otherNode.submit(() -> {
                together.await(STUCK_MINUTES, TimeUnit.MINUTES);
                return one.sendDue();
            }));
        }
        int tried = 0;
        for (Future<Integer> node : nodes) {
            tried += node.get(STUCK_MINUTES, TimeUnit.MINUTES);
        }

        assertThat(tried).as("each message tried by one node").isGreaterThanOrEqualTo(buyers.size() * 2);
        for (Map.Entry<String, String> buyer : buyers.entrySet()) {
            Notification text = only(buyer.getKey(), NotificationChannel.SMS);
            Notification mail = only(buyer.getKey(), NotificationChannel.EMAIL);
            assertThat(text.status()).isEqualTo(Notification.Status.SENT);
            assertThat(mail.status()).isEqualTo(Notification.Status.SENT);
            assertThat(text.attempts() + mail.attempts()).isEqualTo(2);
            assertThat(sms.callsOf(text.id())).hasSize(1);
            assertThat(mailbox.messages(buyer.getValue())).hasSize(1);
        }
    }

    /** A clock both nodes share, at a moment the messages just written are due. */
    private static MutableClock afterTheMessages() {
        return new MutableClock(Instant.now().plus(Duration.ofSeconds(1)).truncatedTo(ChronoUnit.MILLIS));
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get(STUCK_MINUTES, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("The other node's pass failed", e);
        }
    }

    private Notification only(String returnId, NotificationChannel channel) {
        List<Notification> found = notifications.ofReturn(returnId).stream().filter(n -> n.channel() == channel)
                .toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    private String create(String phone, String email) {
        Map<String, Object> body = storeDropOff(newOrderId(), "S-SZ-001");
        Map<String, Object> customer = (Map<String, Object>) body.get("customer");
        customer.put("phone", phone);
        customer.put("email", email);
        ResponseEntity<JsonNode> created = rest.withBasicAuth("merchant", "merchant").postForEntity("/api/returns",
                body, JsonNode.class);
        assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asText();
    }

    private static String uniqueEmail() {
        return "b" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static String uniquePhone() {
        return "139" + String.format("%08d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 100_000_000L));
    }
}
