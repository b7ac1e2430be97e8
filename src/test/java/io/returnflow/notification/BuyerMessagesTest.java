package io.returnflow.notification;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
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

import io.returnflow.notification.sandbox.SandboxMailbox;
import io.returnflow.dropoff.CodeExpiryReminder;
import io.returnflow.dropoff.CodeReminderProperties;
import io.returnflow.events.EventFeed;
import io.returnflow.events.EventSequencer;
import io.returnflow.events.MerchantEvent;
import io.returnflow.notification.sms.SmsResult;
import io.returnflow.notification.sms.SmsUnavailableException;
import io.returnflow.returns.ReturnTimeline;
import io.returnflow.support.MutableClock;

/**
 * The buyer's messages from the event log to the buyer: one per step and channel, in the buyer's language, from the
 * template in force; sent over real SMTP to the sandbox mailbox (GreenMail, on a free port) and through the SMS port
 * (a recording double); an outage delays a message, which is then delivered once; a refusal fails it for good. The
 * job executor and the schedules are off: the test places the events, feeds the reader and sends, on a clock it
 * moves.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false", "returnflow.events.sequence-interval=3650d",
        "returnflow.events.feed-interval=3650d"})
@ActiveProfiles("test")
@DirtiesContext
@Import(RecordingSms.InPlaceOfTheProvider.class)
class BuyerMessagesTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcClient jdbc;
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
    @Autowired
    NotificationProperties properties;
    @Autowired
    ReturnTimeline timeline;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    ObjectMapper json;

    MutableClock clock;
    NotificationSender drivenSender;

    @BeforeEach
    void clock() {
        // ahead of the application's clock, on which the messages of the test are written: they are due on it
        clock = new MutableClock(Instant.now().plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS));
        drivenSender = sender.withClock(clock);
    }

    @Test
    void aDropOffBuyerGetsTheCodeByMailAndTextOnceEach() {
        String email = uniqueEmail();
        String phone = uniquePhone();
        String id = create(buyer(storeDropOff(newOrderId(), "S-SZ-001"), "en", email, phone));
        String code = merchant().getForObject("/api/returns/" + id, JsonNode.class).path("dropOff").path("code")
                .asText();

        toMessages();
        List<Notification> written = notifications.ofReturn(id);
        assertThat(written).extracting(Notification::templateKey).containsOnly("dropoff.code_issued");
        assertThat(written).extracting(Notification::channel)
                .containsExactlyInAnyOrder(NotificationChannel.EMAIL, NotificationChannel.SMS);
        assertThat(written).allSatisfy(n -> {
            assertThat(n.status()).isEqualTo(Notification.Status.PENDING);
            assertThat(n.language()).isEqualTo("en");
            assertThat(n.body()).as("no contact copied into the message row").doesNotContain(email)
                    .doesNotContain(phone);
        });
        toMessages();
        transactions.executeWithoutResult(s -> reader.take(eventOf(id, "dropoff.code_issued", written)));
        assertThat(notifications.ofReturn(id)).as("once per event and channel").hasSize(2);

        drivenSender.sendDue();

        Notification mail = only(id, NotificationChannel.EMAIL);
        Notification text = only(id, NotificationChannel.SMS);
        assertThat(mail.status()).isEqualTo(Notification.Status.SENT);
        assertThat(text.status()).isEqualTo(Notification.Status.SENT);
        List<SandboxMailbox.Mail> received = mailbox.messages(email);
        assertThat(received).hasSize(1);
        SandboxMailbox.Mail got = received.get(0);
        assertThat(got.messageId()).isEqualTo("<" + mail.id() + "@returnflow.dev>");
        assertThat(got.subject()).contains("南山科技园店");
        assertThat(got.body()).contains(code).contains("南山科技园店");
        assertQrLinkOpensWithoutLogIn(got.body(), id, code);
        assertThat(sms.callsOf(text.id())).singleElement().satisfies(m -> {
            assertThat(m.phoneNumber()).isEqualTo(phone);
            assertThat(m.language()).isEqualTo("en");
            assertThat(m.templateKey()).isEqualTo("dropoff.code_issued");
            assertThat(m.params()).containsEntry("code", code).containsEntry("storeName", "南山科技园店");
            assertThat(m.text()).contains(code);
        });

        ResponseEntity<JsonNode> listed = rest.withBasicAuth("cs", "cs")
                .getForEntity("/api/returns/" + id + "/notifications", JsonNode.class);
        assertThat(listed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(listed.getBody()).hasSize(2);
        List<String> shown = new ArrayList<>();
        listed.getBody().forEach(n -> {
            assertThat(n.path("status").asText()).isEqualTo("SENT");
            assertThat(n.path("attempts").asInt()).isEqualTo(1);
            assertThat(n.path("templateKey").asText()).isEqualTo("dropoff.code_issued");
            assertThat(n.path("sentAt").isNull()).isFalse();
            shown.add(n.path("to").asText());
        });
        assertThat(shown).containsExactlyInAnyOrder(email.charAt(0) + "***@example.com",
                phone.substring(0, 3) + "****" + phone.substring(7));
        assertThat(listed.getBody().toString()).doesNotContain(email).doesNotContain(phone);

        JsonNode sandbox = rest.getForObject("/sandbox/mailbox?to=" + email, JsonNode.class);
        assertThat(sandbox).hasSize(1);
        assertThat(sandbox.get(0).path("messageId").asText()).isEqualTo(got.messageId());

        drivenSender.sendDue();
        assertThat(mailbox.messages(email)).as("never twice").hasSize(1);
        assertThat(sms.callsOf(text.id())).hasSize(1);
    }

    @Test
    void eachStepTellsTheBuyerWhatMattersInTheirLanguage() {
        Map<String, Map<String, List<String>>> expected = Map.of(
                "zh-CN", steps("12月20日 18:00", "12月8日 09:00–11:00", "客服", "仓库", "已超过退货期限"),
                "en", steps("20 Dec 18:00", "8 Dec 09:00–11:00", "ustomer service", "warehouse",
                        "the return period has ended"));
        for (String language : List.of("zh-CN", "en")) {
            String id = create(buyer(homePickup(newOrderId()), language, uniqueEmail(), uniquePhone()));
            for (Map.Entry<String, List<String>> step : expected.get(language).entrySet()) {
                MerchantEvent event = event(id, step.getKey(), snapshot(id));
                transactions.executeWithoutResult(s -> reader.take(event));
                List<Notification> made = jdbc.sql("select id from notifications where event_id = ?")
                        .param(event.id()).query(String.class).list().stream()
                        .map(n -> notifications.find(n).orElseThrow()).toList();
                assertThat(made).as(language + " " + step.getKey()).hasSize(2);
                for (Notification n : made) {
                    String all = (n.subject() == null ? "" : n.subject() + "\n") + n.body();
                    assertThat(n.language()).isEqualTo(language);
                    assertThat(n.templateKey()).isEqualTo(step.getKey());
                    assertThat(all).as(language + " " + step.getKey() + " " + n.channel()).doesNotContain("{{")
                            .doesNotContain("}}").contains(step.getValue());
                    if (n.channel() == NotificationChannel.EMAIL) {
                        assertThat(n.subject()).isNotBlank();
                    } else {
                        assertThat(n.subject()).isNull();
                    }
                }
            }
        }
    }

    @Test
    void anEventOlderThanTheMaximumAgeMakesNoMessage() {
        String id = create(buyer(storeDropOff(newOrderId(), "S-SZ-001"), "zh-CN", uniqueEmail(), uniquePhone()));
        MerchantEvent fresh = event(id, "parcel.received", snapshot(id));
        MerchantEvent stale = new MerchantEvent(fresh.id(), 0, fresh.type(), id, fresh.orderId(),
                OffsetDateTime.now().minus(properties.maxEventAge()).minusMinutes(1), fresh.payload());
        transactions.executeWithoutResult(s -> reader.take(stale));
        assertThat(notifications.ofReturn(id)).noneMatch(n -> n.eventId().equals(stale.id()));
        MerchantEvent recent = new MerchantEvent(fresh.id(), 0, fresh.type(), id, fresh.orderId(),
                OffsetDateTime.now().minus(properties.maxEventAge()).plusMinutes(1), fresh.payload());
        transactions.executeWithoutResult(s -> reader.take(recent));
        assertThat(notifications.ofReturn(id)).filteredOn(n -> n.eventId().equals(recent.id())).hasSize(2);
    }

    @Test
    void anEditedTemplateIsUsedForTheNextMessageWithoutARestart() {
        String path = "/api/notification-templates/parcel.received/email/en";
        JsonNode shipped = ops().getForObject(path, JsonNode.class);
        try {
            ResponseEntity<JsonNode> saved = ops().exchange(path, HttpMethod.PUT,
                    body(Map.of("subject", "Arrived: {{returnId}}", "body", "Order {{orderId}} is at the warehouse.")),
                    JsonNode.class);
            assertThat(saved.getStatusCode()).as(String.valueOf(saved.getBody())).isEqualTo(HttpStatus.OK);
            assertThat(saved.getBody().path("version").asInt()).isEqualTo(shipped.path("version").asInt() + 1);
            assertThat(saved.getBody().path("updatedBy").asText()).isEqualTo("ops");
            assertThat(ops().getForObject(path, JsonNode.class).path("subject").asText())
                    .isEqualTo("Arrived: {{returnId}}");

            String id = create(buyer(storeDropOff(newOrderId(), "S-SZ-001"), "en", uniqueEmail(), uniquePhone()));
            MerchantEvent event = event(id, "parcel.received", snapshot(id));
            transactions.executeWithoutResult(s -> reader.take(event));
            Notification mail = notifications.ofReturn(id).stream()
                    .filter(n -> n.eventId().equals(event.id()) && n.channel() == NotificationChannel.EMAIL)
                    .findFirst().orElseThrow();
            assertThat(mail.subject()).isEqualTo("Arrived: " + id);
            assertThat(mail.templateVersion()).isEqualTo(saved.getBody().path("version").asInt());

            ResponseEntity<JsonNode> preview = ops().postForEntity(path + "/previews", body(Map.of("returnId", id)),
                    JsonNode.class);
            assertThat(preview.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(preview.getBody().path("subject").asText()).isEqualTo("Arrived: " + id);
        } finally {
            ops().exchange(path, HttpMethod.PUT, body(Map.of("subject", shipped.path("subject").asText(),
                    "body", shipped.path("body").asText())), JsonNode.class);
        }
    }

    @Test
    void theTemplatesAndMessagesApiAnswersBadRequestsWithProblemsNamingTheField() {
        String path = "/api/notification-templates/dropoff.code_issued/email/zh-CN";
        assertField(ops().exchange(path, HttpMethod.PUT, body(Map.of("subject", "码 {{code}}",
                "body", "{{code}} {{amount}}")), JsonNode.class), "body");
        assertField(ops().exchange(path, HttpMethod.PUT, body(Map.of("subject", "码 {{code}",
                "body", "{{code}}")), JsonNode.class), "subject");
        assertField(ops().exchange(path, HttpMethod.PUT, body(Map.of("body", "{{code}}")), JsonNode.class),
                "subject");
        assertField(ops().exchange("/api/notification-templates/dropoff.code_issued/sms/zh-CN", HttpMethod.PUT,
                body(Map.of("subject", "x", "body", "{{code}}")), JsonNode.class), "subject");
        assertField(ops().exchange(path, HttpMethod.PUT, body(Map.of("subject", "x", "body", " ")),
                JsonNode.class), "body");
        assertField(ops().postForEntity(path + "/previews", body(Map.of("subject", "x", "body", "{code}")),
                JsonNode.class), "body");
        assertField(ops().postForEntity(path + "/previews", body(Map.of("returnId", "R-NOPE")), JsonNode.class),
                "returnId");
        ResponseEntity<JsonNode> malformed = ops().exchange(path, HttpMethod.PUT,
                new HttpEntity<>("{\"body\": ", jsonHeaders()), JsonNode.class);
        assertThat(malformed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(ops().getForObject(path, JsonNode.class).path("version").asInt()).as("nothing saved")
                .isEqualTo(1);

        ResponseEntity<JsonNode> sample = ops().postForEntity(path + "/previews", null, JsonNode.class);
        assertThat(sample.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(sample.getBody().path("body").asText()).contains("RF4K-7Q2M-9X").contains("福田星河店");

        for (String missing : List.of("/api/notification-templates/return.requested/email/en",
                "/api/notification-templates/dropoff.code_issued/fax/en",
                "/api/notification-templates/dropoff.code_issued/email/fr")) {
            ResponseEntity<JsonNode> notFound = ops().getForEntity(missing, JsonNode.class);
            assertThat(notFound.getStatusCode()).as(missing).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(notFound.getHeaders().getContentType().toString()).contains("problem+json");
        }
        ResponseEntity<JsonNode> all = ops().getForEntity("/api/notification-templates", JsonNode.class);
        assertThat(all.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(all.getBody()).hasSize(MessageSteps.keys().size() * 2 * 2);
        assertThat(rest.withBasicAuth("merchant", "merchant").getForEntity("/api/notification-templates",
                JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(rest.withBasicAuth("cs", "cs").exchange(path, HttpMethod.PUT,
                body(Map.of("subject", "x", "body", "y")), JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);

        assertThat(rest.withBasicAuth("cs", "cs").getForEntity("/api/returns/R-NOPE/notifications", JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        String id = create(buyer(storeDropOff(newOrderId(), "S-SZ-001"), "zh-CN", uniqueEmail(), uniquePhone()));
        for (String user : List.of("inspector", "clerk")) {
            assertThat(rest.withBasicAuth(user, user).getForEntity("/api/returns/" + id + "/notifications",
                    JsonNode.class).getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
        }
        for (String user : List.of("merchant", "ops", "admin")) {
            assertThat(rest.withBasicAuth(user, user).getForEntity("/api/returns/" + id + "/notifications",
                    JsonNode.class).getStatusCode()).as(user).isEqualTo(HttpStatus.OK);
        }
    }

    @Test
    void aMailServerOutageDelaysTheMailWhichIsThenDeliveredOnce() {
        String email = uniqueEmail();
        String id = create(buyer(storeDropOff(newOrderId(), "S-SZ-001"), "zh-CN", email, uniquePhone()));
        toMessages();
        mailbox.stop();
        try {
            drivenSender.sendDue();
            Notification waiting = only(id, NotificationChannel.EMAIL);
            assertThat(waiting.status()).isEqualTo(Notification.Status.PENDING);
            assertThat(waiting.attempts()).isEqualTo(1);
            assertThat(waiting.lastError()).contains("mail server");
            assertThat(waiting.nextAttemptAt().toInstant())
                    .isEqualTo(clock.instant().plus(properties.firstRetryAfter()));
            assertThat(only(id, NotificationChannel.SMS).status()).as("the text is not held up")
                    .isEqualTo(Notification.Status.SENT);

            clock.advance(properties.firstRetryAfter().minusSeconds(1));
            drivenSender.sendDue();
            assertThat(only(id, NotificationChannel.EMAIL).attempts()).as("not before its time").isEqualTo(1);

            clock.advance(Duration.ofSeconds(1));
            drivenSender.sendDue();
            Notification again = only(id, NotificationChannel.EMAIL);
            assertThat(again.attempts()).isEqualTo(2);
            assertThat(again.nextAttemptAt().toInstant()).as("twice as long")
                    .isEqualTo(clock.instant().plus(properties.firstRetryAfter().multipliedBy(2)));
        } finally {
            mailbox.start();
        }
        clock.advance(properties.firstRetryAfter().multipliedBy(2));
        drivenSender.sendDue();
        Notification sent = only(id, NotificationChannel.EMAIL);
        assertThat(sent.status()).isEqualTo(Notification.Status.SENT);
        assertThat(sent.attempts()).isEqualTo(3);
        clock.advance(Duration.ofHours(2));
        drivenSender.sendDue();
        assertThat(mailbox.messages(email)).singleElement()
                .satisfies(m -> assertThat(m.messageId()).isEqualTo("<" + sent.id() + "@returnflow.dev>"));
    }

    @Test
    void anSmsProviderOutageDelaysTheTextWhichIsThenSentOnce() {
        String phone = uniquePhone();
        String id = create(buyer(storeDropOff(newOrderId(), "S-SZ-001"), "zh-CN", uniqueEmail(), phone));
        toMessages();
        sms.then(phone, m -> {
            throw new SmsUnavailableException("throttled", Duration.ofMinutes(5), null);
        });

        drivenSender.sendDue();
        Notification waiting = only(id, NotificationChannel.SMS);
        assertThat(waiting.status()).isEqualTo(Notification.Status.PENDING);
        assertThat(waiting.lastError()).contains("throttled");
        assertThat(waiting.nextAttemptAt().toInstant()).as("as long as the provider asked")
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));

        clock.advance(Duration.ofMinutes(4));
        drivenSender.sendDue();
        assertThat(sms.callsOf(waiting.id())).hasSize(1);

        clock.advance(Duration.ofMinutes(1));
        drivenSender.sendDue();
        Notification sent = only(id, NotificationChannel.SMS);
        assertThat(sent.status()).isEqualTo(Notification.Status.SENT);
        assertThat(sent.attempts()).isEqualTo(2);
        clock.advance(Duration.ofHours(2));
        drivenSender.sendDue();
        assertThat(sms.callsOf(waiting.id())).as("the refused try, then the one taken; nothing after")
                .hasSize(2).extracting(m -> m.messageId()).containsOnly(waiting.id());
    }

    @Test
    void aTextTheProviderRefusesForGoodFailsAndIsNeverTriedAgain() {
        String phone = uniquePhone();
        String id = create(buyer(storeDropOff(newOrderId(), "S-SZ-001"), "zh-CN", uniqueEmail(), phone));
        toMessages();
        // the provider's words quote the number: neither the row nor the listing keeps it
        sms.then(phone, m -> new SmsResult.Rejected("isv.MOBILE_NUMBER_ILLEGAL", "invalid number " + phone));

        drivenSender.sendDue();
        Notification failed = only(id, NotificationChannel.SMS);
        assertThat(failed.status()).isEqualTo(Notification.Status.FAILED);
        assertThat(failed.lastError()).contains("isv.MOBILE_NUMBER_ILLEGAL");
        clock.advance(Duration.ofDays(2));
        drivenSender.sendDue();
        assertThat(sms.callsOf(failed.id())).hasSize(1);
        JsonNode listed = rest.withBasicAuth("cs", "cs").getForObject("/api/returns/" + id + "/notifications",
                JsonNode.class);
        assertThat(listed.toString()).contains("FAILED").contains("isv.MOBILE_NUMBER_ILLEGAL")
                .doesNotContain(phone);
        assertThat(failed.lastError()).doesNotContain(phone);
    }

    /**
     * A subject an operator's template and the event's values make longer than its column is cut to fit: the
     * message is written, and the reader goes on to the next events instead of taking the same batch for ever. An
     * event no message can be written from is recorded as FAILED messages with the reason.
     */
    @Test
    void aRenderedSubjectLongerThanItsColumnIsCutAndTheReaderGoesOn() {
        String path = "/api/notification-templates/dropoff.code_issued/email/en";
        JsonNode shipped = ops().getForObject(path, JsonNode.class);
        try {
            ResponseEntity<JsonNode> saved = ops().exchange(path, HttpMethod.PUT, body(Map.of("subject",
                    "{{qrLink}} {{qrLink}} {{qrLink}} {{qrLink}} {{qrLink}}", "body", shipped.path("body").asText())),
                    JsonNode.class);
            assertThat(saved.getStatusCode()).as(String.valueOf(saved.getBody())).isEqualTo(HttpStatus.OK);
            String first = create(buyer(storeDropOff(newOrderId(), "S-SZ-001"), "en", uniqueEmail(), uniquePhone()));
            String next = create(buyer(storeDropOff(newOrderId(), "S-SZ-001"), "en", uniqueEmail(), uniquePhone()));

            toMessages();

            Notification mail = only(first, NotificationChannel.EMAIL);
            assertThat(mail.status()).isEqualTo(Notification.Status.PENDING);
            assertThat(mail.subject()).hasSize(Notifications.MAX_SUBJECT).startsWith(properties.publicBaseUrl())
                    .endsWith("…");
            assertThat(notifications.ofReturn(next)).as("the next event's messages").hasSize(2)
                    .allSatisfy(n -> assertThat(n.status()).isEqualTo(Notification.Status.PENDING));

            MerchantEvent unreadable = new MerchantEvent("evt_test" + UUID.randomUUID().toString()
                    .replace("-", "").substring(0, 20), 0, "dropoff.code_issued", first, "SO-x", OffsetDateTime.now(),
                    "not the event's JSON");
            transactions.executeWithoutResult(s -> reader.take(unreadable));
            assertThat(notifications.ofReturn(first)).filteredOn(n -> n.eventId().equals(unreadable.id()))
                    .hasSize(2).allSatisfy(n -> {
                        assertThat(n.status()).isEqualTo(Notification.Status.FAILED);
                        assertThat(n.lastError()).contains("could not be written").contains(unreadable.id());
                    });
        } finally {
            ops().exchange(path, HttpMethod.PUT, body(Map.of("subject", shipped.path("subject").asText(),
                    "body", shipped.path("body").asText())), JsonNode.class);
        }
    }

    /**
     * A slow relay: each claim runs from the moment its message is taken, and a pass takes no message after its
     * budget (the rest wait for the next pass), so that no message is sent under a claim already run out.
     */
    @Test
    void eachClaimRunsFromItsOwnTakingAndAPassStopsAfterItsBudget() {
        while (drivenSender.sendDue() > 0) {
            // earlier tests' messages due on this clock: sent first, so that the pass below is this test's
        }
        Duration slowSend = properties.passBudget().dividedBy(3).multipliedBy(2);
        List<String> ids = new ArrayList<>();
        List<Instant> claimedUntil = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String phone = uniquePhone();
            ids.add(create(buyer(storeDropOff(newOrderId(), "S-SZ-001"), "en", null, phone)));
            sms.then(phone, m -> {
                claimedUntil.add(notifications.find(m.messageId()).orElseThrow().nextAttemptAt().toInstant());
                clock.advance(slowSend);
                return new SmsResult.Sent("biz-" + m.messageId());
            });
        }
        toMessages();
        Instant start = clock.instant();

        int tried = drivenSender.sendDue();

        assertThat(tried).as("the third is not taken after the budget").isEqualTo(2);
        assertThat(claimedUntil).containsExactly(start.plus(properties.claim()),
                start.plus(slowSend).plus(properties.claim()));
        assertThat(ids.stream().map(id -> only(id, NotificationChannel.SMS).status()))
                .containsExactlyInAnyOrder(Notification.Status.SENT, Notification.Status.SENT,
                        Notification.Status.PENDING);

        assertThat(drivenSender.sendDue()).as("the third, by the next pass").isPositive();
        assertThat(claimedUntil).hasSize(3).last().isEqualTo(start.plus(slowSend.multipliedBy(2))
                .plus(properties.claim()));
        assertThat(ids).allSatisfy(id -> assertThat(only(id, NotificationChannel.SMS).status())
                .isEqualTo(Notification.Status.SENT));
    }

    @Test
    void aPhoneWithoutDigitsIsRefusedNamingTheFieldAndNumbersAsWrittenAreTaken() {
        assertField(merchant().postForEntity("/api/returns",
                buyer(storeDropOff(newOrderId(), "S-SZ-001"), "en", uniqueEmail(), "-----"), JsonNode.class),
                "customer.phone");
        create(buyer(storeDropOff(newOrderId(), "S-SZ-001"), "zh-CN", uniqueEmail(), "+86 138 0000 0000"));
        create(buyer(storeDropOff(newOrderId(), "S-SZ-001"), "zh-CN", uniqueEmail(), "13800000000"));
    }

    @Test
    void anUnusedCodeIsRemindedOnceADayBeforeItExpires() {
        String phone = uniquePhone();
        String id = create(buyer(storeDropOff(newOrderId(), "S-SZ-001"), "en", uniqueEmail(), phone));
        String used = create(buyer(storeDropOff(newOrderId(), "S-SZ-001"), "en", uniqueEmail(), uniquePhone()));
        jdbc.sql("update drop_off_codes set status = 'USED' where return_id = ?").param(used).update();
        OffsetDateTime expiresAt = jdbc.sql("select expires_at from drop_off_codes where return_id = ?").param(id)
                .query(OffsetDateTime.class).single();
        MutableClock at = new MutableClock(expiresAt.minusHours(25).toInstant());
        CodeExpiryReminder reminder = new CodeExpiryReminder(jdbc, timeline, transactions,
                new CodeReminderProperties(Duration.ofHours(24), Duration.ofMinutes(5)), at);

        reminder.remind();
        assertThat(reminders(id)).as("not yet").isZero();
        at.advance(Duration.ofHours(2));
        reminder.remind();
        at.advance(Duration.ofHours(1));
        reminder.remind();
        assertThat(reminders(id)).as("once per code").isEqualTo(1);
        assertThat(reminders(used)).as("a used code is not reminded of").isZero();
        at.advance(Duration.ofHours(22));
        reminder.remind();
        assertThat(reminders(id)).as("nor one that expired").isEqualTo(1);

        toMessages();
        List<Notification> reminded = notifications.ofReturn(id).stream()
                .filter(n -> n.templateKey().equals("dropoff.code_expiring")).toList();
        assertThat(reminded).hasSize(2);
        String code = merchant().getForObject("/api/returns/" + id, JsonNode.class).path("dropOff").path("code")
                .asText();
        assertThat(reminded).allSatisfy(n -> assertThat(n.body()).contains(code));
        assertThat(notifications.ofReturn(used)).noneMatch(n -> n.templateKey().equals("dropoff.code_expiring"));
    }

    // --- helpers

    /** Per step: what its messages must say (the snapshot of {@link #snapshot} and the return's own data). */
    private static Map<String, List<String>> steps(String expires, String window, String nextSteps,
                                                   String warehouse, String reason) {
        Map<String, List<String>> steps = new LinkedHashMap<>();
        steps.put("dropoff.code_issued", List.of("RFTEST-CODE", "南山科技园店", expires,
                "http://localhost:8080/returns/api/code-images/"));
        steps.put("pickup.booked", List.of(window, "南山区"));
        steps.put("pickup.courier_assigned", List.of("王师傅", "4821"));
        steps.put("pickup.failed", List.of(nextSteps));
        steps.put("dropoff.code_expiring", List.of("RFTEST-CODE", expires));
        steps.put("dropoff.checked_in", List.of("南山科技园店"));
        steps.put("parcel.received", List.of(warehouse));
        steps.put("refund.succeeded", List.of("199.00", "CNY"));
        steps.put("return.rejected", List.of(reason));
        return steps;
    }

    /** A copy of the return as an event carries it, with every step's facts set (times in Shanghai). */
    private ObjectNode snapshot(String id) {
        ObjectNode o = json.createObjectNode();
        o.put("id", id);
        ObjectNode dropOff = o.putObject("dropOff");
        dropOff.put("storeId", "S-SZ-001");
        dropOff.put("code", "RFTEST-CODE");
        dropOff.put("expiresAt", "2026-12-20T18:00:00+08:00");
        dropOff.put("checkedInAt", "2026-12-10T12:30:00+08:00");
        dropOff.put("qr", "/api/returns/" + id + "/drop-off-code.png");
        ObjectNode pickup = o.putObject("pickup");
        pickup.putObject("window").put("start", "2026-12-08T01:00:00Z").put("end", "2026-12-08T03:00:00Z");
        pickup.putObject("courier").put("name", "王师傅").put("phone", "13900000000").put("pickupCode", "4821");
        o.putObject("refund").put("amount", "199").put("currency", "CNY");
        o.putArray("rejectionReasons").add("RETURN_WINDOW_EXPIRED");
        return o;
    }

    private MerchantEvent event(String returnId, String type, ObjectNode object) {
        String eventId = "evt_test" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        ObjectNode payload = json.createObjectNode();
        payload.put("id", eventId);
        payload.put("type", type);
        payload.put("returnId", returnId);
        payload.putObject("data").set("object", object);
        return new MerchantEvent(eventId, 0, type, returnId, "SO-x", OffsetDateTime.now(), payload.toString());
    }

    /** The event a message was written for, as the log holds it. */
    private MerchantEvent eventOf(String returnId, String type, List<Notification> written) {
        String eventId = written.get(0).eventId();
        return jdbc.sql("select payload from return_events_outbox where id = ?").param(eventId)
                .query(String.class).optional()
                .map(p -> new MerchantEvent(eventId, 0, type, returnId, "SO-x", OffsetDateTime.now(), p))
                .orElseThrow();
    }

    private long reminders(String id) {
        return jdbc.sql("select count(*) from return_events where return_id = ? and type = 'DROP_OFF_CODE_EXPIRING'")
                .param(id).query(Long.class).single();
    }

    private void toMessages() {
        sequencer.placeAll();
        feed.feed(reader);
    }

    private Notification only(String returnId, NotificationChannel channel) {
        List<Notification> found = notifications.ofReturn(returnId).stream().filter(n -> n.channel() == channel)
                .toList();
        assertThat(found).as(channel + " messages of " + returnId).hasSize(1);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> buyer(Map<String, Object> body, String language, String email,
                                             String phone) {
        Map<String, Object> customer = (Map<String, Object>) body.get("customer");
        customer.put("language", language);
        customer.put("email", email);
        customer.put("phone", phone);
        return body;
    }

    private static String uniqueEmail() {
        return "b" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static String uniquePhone() {
        return "139" + String.format("%08d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 100_000_000L));
    }

    private String create(Map<String, Object> body) {
        ResponseEntity<JsonNode> created = merchant().postForEntity("/api/returns", body, JsonNode.class);
        assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asText();
    }

    private static void assertField(ResponseEntity<JsonNode> answer, String field) {
        assertThat(answer.getStatusCode()).as(String.valueOf(answer.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getHeaders().getContentType().toString()).contains("problem+json");
        assertThat(answer.getBody().path("errors").get(0).path("field").asText()).isEqualTo(field);
    }

    private static HttpEntity<Object> body(Object body) {
        return new HttpEntity<>(body, jsonHeaders());
    }

    private static HttpHeaders jsonHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }

    private TestRestTemplate merchant() {
        return rest.withBasicAuth("merchant", "merchant");
    }

    private TestRestTemplate ops() {
        return rest.withBasicAuth("ops", "ops");
    }

    /**
     * The message links to the code's QR image at a path signed for this return: it opens without a log-in and
     * shows the code; the same path for another return, or a changed signature, opens nothing.
     */
    private void assertQrLinkOpensWithoutLogIn(String body, String id, String code) {
        java.util.regex.Matcher link = java.util.regex.Pattern
                .compile("http://localhost:8080(/returns/api/code-images/" + id + "/([A-Za-z0-9_-]{43}))")
                .matcher(body);
        assertThat(link.find()).as("a signed QR link in " + body).isTrue();
        ResponseEntity<byte[]> image = rest.getForEntity(link.group(1), byte[].class);
        assertThat(image.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(image.getHeaders().getContentType()).hasToString("image/png");
        try {
            var bitmap = new com.google.zxing.BinaryBitmap(new com.google.zxing.common.HybridBinarizer(
                    new com.google.zxing.client.j2se.BufferedImageLuminanceSource(javax.imageio.ImageIO.read(
                            new java.io.ByteArrayInputStream(image.getBody())))));
            assertThat(new com.google.zxing.qrcode.QRCodeReader().decode(bitmap,
                    java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText())
                    .isEqualTo(code);
        } catch (java.io.IOException | com.google.zxing.ReaderException e) {
            throw new AssertionError("the QR image does not read", e);
        }
        String signature = link.group(2);
        String changed = (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1);
        assertThat(rest.getForEntity("/returns/api/code-images/" + id + "/" + changed, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(rest.getForEntity("/returns/api/code-images/R-OTHER1/" + signature, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }
}
