package io.returnflow.notification.sms.aliyun;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.http.Fault;
import io.returnflow.notification.sms.SmsMessage;
import io.returnflow.notification.sms.SmsOutcomeUnknownException;
import io.returnflow.notification.sms.SmsResult;
import io.returnflow.platform.EndpointResolver;
import io.returnflow.support.Eventually;
import io.returnflow.support.MigratedDatabase;
import io.returnflow.support.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The adapter's record of its tries on PostgreSQL, as production keeps it: a lost answer is looked up, and the mark
 * before SendSms survives a caller whose own transaction rolls back.
 */
class SmsSendAttemptsPostgresTest {

    /**
     * Holds the first answer until the test lets it go: a send in flight on one node while another node tries it
     * (a later request is answered at once, so that a second send fails the test rather than waiting with it).
     */
    private static final CountDownLatch answerHeld = new CountDownLatch(1);
    private static final AtomicInteger heldRequests = new AtomicInteger();
    private static final WireMockServer aliyun = new WireMockServer(options().dynamicPort()
            .extensions(new ResponseDefinitionTransformerV2() {
                @Override
                public ResponseDefinition transform(ServeEvent serveEvent) {
                    try {
                        if (heldRequests.getAndIncrement() == 0) {
                            answerHeld.await();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return serveEvent.getResponseDefinition();
                }

                @Override
                public boolean applyGlobally() {
                    return false;
                }

                @Override
                public String getName() {
                    return "held";
                }
            }));
    private static MigratedDatabase database;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T02:00:00Z"));

    @BeforeAll
    static void start() {
        aliyun.start();
        database = MigratedDatabase.onPostgres();
    }

    @AfterAll
    static void stop() {
        aliyun.stop();
    }

    private AliyunSmsGateway gateway() {
        AliyunSmsProperties properties = AliyunSmsGatewayTest.properties("http://localhost:" + aliyun.port() + "/",
                Duration.ofSeconds(10));
        return new AliyunSmsGateway(
                new AliyunSmsClient(properties, new EndpointResolver(new StandardEnvironment()), clock),
                new SmsSendAttempts(database.jdbc(), database.transactions()), properties, new ObjectMapper(), clock);
    }

    private static SmsMessage message(String id) {
        return new SmsMessage(id, "13800138000", "zh-CN", "dropoff.code_issued", Map.of("code", "K7M2Q9"), "t");
    }

    @Test
    void aLostAnswerIsLookedUpAndNotSentAgain() {
        aliyun.resetAll();
        AliyunSmsGateway gateway = gateway();
        aliyun.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=SendSms"))
                .willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        assertThatThrownBy(() -> gateway.send(message("pg-lost"))).isInstanceOf(SmsOutcomeUnknownException.class);
        clock.advance(Duration.ofMinutes(1));
        aliyun.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=QuerySendDetails"))
                .willReturn(okJson("{\"Code\":\"OK\",\"TotalCount\":1,\"SmsSendDetailDTOs\":{\"SmsSendDetailDTO\":"
                        + "[{\"OutId\":\"pg-lost\",\"SendStatus\":3}]}}")));

        assertThat(gateway.send(message("pg-lost"))).isEqualTo(new SmsResult.Sent(null));
        assertThat(gateway.send(message("pg-lost"))).isEqualTo(new SmsResult.Sent(null));
        aliyun.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=SendSms")));
    }

    /**
     * Two nodes with the same message (a sender's claim ran out while the first still waited for the provider): the
     * second finds the first's try unsettled and sends nothing, however long the first takes; once the first is
     * answered, the second answers sent from the record.
     */
    @Test
    void aSecondNodeNeverSendsAMessageAFirstNodeIsStillSending() throws Exception {
        aliyun.resetAll();
        AliyunSmsGateway first = gateway();
        AliyunSmsGateway second = gateway();
        aliyun.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=SendSms"))
                .willReturn(okJson("{\"Code\":\"OK\",\"Message\":\"OK\",\"BizId\":\"7^0\"}")
                        .withTransformers("held")));
        SmsSendAttempts attempts = new SmsSendAttempts(database.jdbc(), database.transactions());
        CompletableFuture<SmsResult> firstSend = CompletableFuture.supplyAsync(() -> first.send(message("pg-two")));
        Eventually.await("the first node's mark", Duration.ofMinutes(1),
                () -> attempts.find("pg-two").isPresent());

        assertThatThrownBy(() -> second.send(message("pg-two"))).isInstanceOf(SmsOutcomeUnknownException.class);
        answerHeld.countDown();

        assertThat(firstSend.get()).isEqualTo(new SmsResult.Sent("7^0"));
        assertThat(second.send(message("pg-two"))).isEqualTo(new SmsResult.Sent("7^0"));
        aliyun.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=SendSms")));
    }

    /**
     * Another node marks the same message at the same moment (a sender's claim ran out): this node's insert meets
     * its row (PostgreSQL fails it once the other commits) and still counts its try, in a transaction that goes on.
     */
    @Test
    void aTryIsCountedWhenAnotherNodeWritesTheRowMeanwhile() throws Exception {
        String messageId = "pg-raced-" + UUID.randomUUID().toString().substring(0, 8);
        SmsSendAttempts attempts = new SmsSendAttempts(database.jdbc(), database.transactions());
        ExecutorService node = Executors.newSingleThreadExecutor();
        try (Connection other = database.dataSource().getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement insert = other.prepareStatement("insert into sms_send_attempts (message_id, status, "
                    + "attempts, first_attempt_at, last_attempt_at) values (?, 'UNSETTLED', 1, now(), now())")) {
                insert.setString(1, messageId);
                insert.executeUpdate();
            }
            Future<?> marked = node.submit(() -> attempts.markUnsettled(messageId, OffsetDateTime.now(clock)));
            Eventually.await("the mark waiting for the other node's row", Duration.ofMinutes(1), () -> database.jdbc()
                    .sql("select count(*) from pg_stat_activity where datname = current_database() "
                            + "and wait_event_type = 'Lock' and query like 'insert into sms_send_attempts%'")
                    .query(Long.class).single() > 0);
            other.commit();

            marked.get(1, TimeUnit.MINUTES);
        } finally {
            node.shutdownNow();
        }
        SmsSendAttempts.Attempt attempt = attempts.find(messageId).orElseThrow();
        assertThat(attempt.status()).isEqualTo(SmsSendAttempts.UNSETTLED);
        assertThat(attempt.attempts()).isEqualTo(2);
    }

    @Test
    void theMarkBeforeSendingOutlivesTheCallersRolledBackTransaction() {
        aliyun.resetAll();
        AliyunSmsGateway gateway = gateway();
        aliyun.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=SendSms"))
                .willReturn(aResponse().withStatus(502).withBody("<html>502 Bad Gateway</html>")));
        TransactionTemplate caller = new TransactionTemplate(database.transactions());

        caller.executeWithoutResult(status -> {
            assertThatThrownBy(() -> gateway.send(message("pg-rolled-back")))
                    .isInstanceOf(SmsOutcomeUnknownException.class);
            status.setRollbackOnly();
        });

        SmsSendAttempts.Attempt attempt = new SmsSendAttempts(database.jdbc(), database.transactions())
                .find("pg-rolled-back").orElseThrow();
        assertThat(attempt.status()).isEqualTo(SmsSendAttempts.UNSETTLED);
        assertThat(attempt.attempts()).isEqualTo(1);
        assertThat(attempt.lastAttemptAt().toInstant()).isEqualTo(clock.instant());
    }
}
