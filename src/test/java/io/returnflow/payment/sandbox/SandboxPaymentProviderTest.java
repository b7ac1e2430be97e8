package io.returnflow.payment.sandbox;

import io.returnflow.support.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.returnflow.support.MigratedDatabase;
import io.returnflow.payment.PaymentProperties;
import io.returnflow.payment.TestPaymentProperties;
import static io.returnflow.payment.TestPaymentProperties.IN_FLIGHT_LEASE;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/** The sandbox provider's refund API semantics, on the real migrations. */
class SandboxPaymentProviderTest {

    private static final String SECRET = "Bearer sk_test_sandbox";
    private static final int FLAKY_FAILURES = 2;
    private static final java.time.Duration PENDING_FOR = java.time.Duration.ofSeconds(5);

    private final ObjectMapper json = new ObjectMapper();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T02:00:00Z"));
    private MigratedDatabase db;
    private SandboxPaymentProvider provider;
    private PaymentProperties properties;

    /** The database the tests run on; H2 here, PostgreSQL in {@link SandboxPaymentProviderPostgresTest}. */
    protected MigratedDatabase database() {
        return MigratedDatabase.migrated();
    }

    @BeforeEach
    void setUp() {
        db = database();
        properties = TestPaymentProperties.sandbox(FLAKY_FAILURES, PENDING_FOR);
        provider = new SandboxPaymentProvider(db.jdbc(), db.transactions(), json, properties, clock);
    }

    @Test
    void refundsAnOrdinaryChargeAndRecordsTheRefund() throws Exception {
        SandboxAnswer answer = provider.createRefund(SECRET, "refund:R-1", refund("ch_123", "8750", "R-1"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.replayed()).isFalse();
        JsonNode refund = json.readTree(answer.body());
        assertThat(refund.get("id").asText()).matches("re_[0-9A-Za-z]{24}");
        assertThat(refund.get("object").asText()).isEqualTo("refund");
        assertThat(refund.get("status").asText()).isEqualTo("succeeded");
        assertThat(refund.get("amount").asLong()).isEqualTo(8750);
        assertThat(refund.get("currency").asText()).isEqualTo("cny");
        assertThat(refund.get("charge").asText()).isEqualTo("ch_123");
        assertThat(refund.at("/metadata/return_id").asText()).isEqualTo("R-1");
        assertThat(refund.get("created").asLong()).isEqualTo(clock.instant().getEpochSecond());

        Map<String, Object> row = db.jdbc().sql("select * from sandbox_payment_refunds").query().singleRow();
        assertThat(row).containsEntry("ID", refund.get("id").asText()).containsEntry("CHARGE_ID", "ch_123")
                .containsEntry("AMOUNT", 8750L).containsEntry("CURRENCY", "cny").containsEntry("RETURN_ID", "R-1")
                .containsEntry("STATUS", "succeeded").containsEntry("IDEMPOTENCY_KEY", "refund:R-1");
    }

    @Test
    void theSameKeyWithTheSameParametersReplaysTheFirstAnswer() {
        SandboxAnswer first = provider.createRefund(SECRET, "refund:R-1", refund("ch_123", "8750", "R-1"));

        SandboxAnswer again = provider.createRefund(SECRET, "refund:R-1", refund("ch_123", "8750", "R-1"));

        assertThat(again.status()).isEqualTo(first.status());
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.replayed()).isTrue();
        assertThat(refundCount()).isEqualTo(1);
    }

    @Test
    void theSameKeyWithOtherParametersIsAnIdempotencyError() throws Exception {
        SandboxAnswer first = provider.createRefund(SECRET, "refund:R-1", refund("ch_123", "8750", "R-1"));

        SandboxAnswer other = provider.createRefund(SECRET, "refund:R-1", refund("ch_123", "9900", "R-1"));

        assertThat(other.status()).isEqualTo(400);
        assertThat(json.readTree(other.body()).at("/error/type").asText()).isEqualTo("idempotency_error");
        assertThat(refundCount()).isEqualTo(1);
        assertThat(provider.createRefund(SECRET, "refund:R-1", refund("ch_123", "8750", "R-1")).body())
                .isEqualTo(first.body());
    }

    @Test
    void theFailingChargeIsRefusedAndTheRefusalIsReplayed() throws Exception {
        SandboxAnswer refused = provider.createRefund(SECRET, "refund:R-2", refund("ch_refund_fails", "8750", "R-2"));

        assertThat(refused.status()).isEqualTo(402);
        JsonNode error = json.readTree(refused.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("card_error");
        assertThat(error.get("code").asText()).isEqualTo("refund_failed");
        assertThat(error.get("message").asText()).isNotBlank();

        SandboxAnswer replayed = provider.createRefund(SECRET, "refund:R-2", refund("ch_refund_fails", "8750", "R-2"));
        assertThat(replayed.status()).isEqualTo(402);
        assertThat(replayed.body()).isEqualTo(refused.body());
        assertThat(replayed.replayed()).isTrue();
        assertThat(refundCount()).isZero();
    }

    @Test
    void theFlakyChargeFailsItsFirstTriesWithoutStoringThemThenSucceedsOnce() {
        Map<String, String> params = refund("ch_refund_flaky", "8750", "R-3");

        for (int i = 0; i < FLAKY_FAILURES; i++) {
            SandboxAnswer failed = provider.createRefund(SECRET, "refund:R-3", params);
            assertThat(failed.status()).isEqualTo(503);
            assertThat(failed.replayed()).isFalse();
        }
        SandboxAnswer succeeded = provider.createRefund(SECRET, "refund:R-3", params);
        SandboxAnswer replayed = provider.createRefund(SECRET, "refund:R-3", params);

        assertThat(succeeded.status()).isEqualTo(200);
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.body()).isEqualTo(succeeded.body());
        assertThat(replayed.replayed()).isTrue();
        assertThat(refundCount()).isEqualTo(1);
        assertThat(db.jdbc().sql("select attempts from sandbox_payment_requests where idem_key = 'refund:R-3'")
                .query(Integer.class).single()).isEqualTo(FLAKY_FAILURES + 1);
    }

    @Test
    void theFlakyChargeCountsTriesPerKey() {
        assertThat(provider.createRefund(SECRET, "refund:R-4", refund("ch_refund_flaky", "100", "R-4")).status())
                .isEqualTo(503);
        assertThat(provider.createRefund(SECRET, "refund:R-5", refund("ch_refund_flaky", "100", "R-5")).status())
                .isEqualTo(503);
    }

    @Test
    void aKeyInFlightAnswers409WhileItsLeaseLivesAndIsTakenOverWhenItRunsOut() {
        Map<String, String> params = refund("ch_123", "8750", "R-6");
        inFlight("refund:R-6", params, clock.instant().plus(IN_FLIGHT_LEASE));

        assertThat(provider.createRefund(SECRET, "refund:R-6", params).status()).isEqualTo(409);
        clock.advance(IN_FLIGHT_LEASE.minusMillis(1));
        assertThat(provider.createRefund(SECRET, "refund:R-6", params).status()).isEqualTo(409);
        assertThat(refundCount()).isZero();

        clock.advance(Duration.ofMillis(1));    // the lease ends: its node died, or is stuck
        SandboxAnswer taken = provider.createRefund(SECRET, "refund:R-6", params);
        assertThat(taken.status()).isEqualTo(200);
        assertThat(taken.replayed()).isFalse();
        assertThat(refundCount()).isEqualTo(1);
        assertThat(attempts("refund:R-6")).isEqualTo(2);
        assertThat(provider.createRefund(SECRET, "refund:R-6", params).replayed()).isTrue();
    }

    @Test
    void aNodeStartingDoesNotFreeAnotherNodesKeyInFlight() {
        Map<String, String> params = refund("ch_123", "8750", "R-6");
        inFlight("refund:R-6", params, clock.instant().plus(IN_FLIGHT_LEASE));

        // another node starts: the provider's bean goes through everything a Spring context does at start-up
        try (AnnotationConfigApplicationContext otherNode = new AnnotationConfigApplicationContext()) {
            otherNode.getEnvironment().getPropertySources().addFirst(
                    new MapPropertySource("sandbox", Map.of("returnflow.payment.sandbox.enabled", "true")));
            otherNode.registerBean(JdbcClient.class, db::jdbc);
            otherNode.registerBean(PlatformTransactionManager.class, db::transactions);
            otherNode.registerBean(ObjectMapper.class, () -> json);
            otherNode.registerBean(PaymentProperties.class, () -> properties);
            otherNode.registerBean(Clock.class, () -> clock);
            otherNode.registerBean(SandboxPaymentProvider.class);
            otherNode.refresh();
            otherNode.start();

            SandboxPaymentProvider started = otherNode.getBean(SandboxPaymentProvider.class);
            assertThat(started.createRefund(SECRET, "refund:R-6", params).status()).isEqualTo(409);
            assertThat(provider.createRefund(SECRET, "refund:R-6", params).status()).isEqualTo(409);
        }
        assertThat(refundCount()).isZero();
        assertThat(attempts("refund:R-6")).as("nobody took the key").isEqualTo(1);
    }

    @Test
    void anExpiredLeaseIsTakenOverExactlyOnceByRacingRequests() throws Exception {
        Map<String, String> params = refund("ch_123", "8750", "R-9");
        inFlight("refund:R-9", params, clock.instant().minusMillis(1));
        int requests = 8;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<SandboxAnswer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                // each request as if on a node of its own: a provider instance each, one database
                SandboxPaymentProvider node = new SandboxPaymentProvider(db.jdbc(), db.transactions(), json,
                        properties, clock);
                answers.add(pool.submit(() -> {
                    start.await();
                    return node.createRefund(SECRET, "refund:R-9", params);
                }));
            }
            start.countDown();
            List<SandboxAnswer> done = new ArrayList<>();
            for (Future<SandboxAnswer> answer : answers) {
                done.add(answer.get());
            }

            assertThat(done).filteredOn(a -> a.status() == 200 && !a.replayed()).as("the one that took it over")
                    .hasSize(1);
            assertThat(done).allMatch(a -> a.status() == 200 || a.status() == 409);
            assertThat(attempts("refund:R-9")).as("taken over once").isEqualTo(2);
            assertThat(refundCount()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRequestWhoseLeaseWasTakenOverStoresNothingAndAnswersWhatTheKeyHolds() {
        Map<String, String> params = refund("ch_123", "8750", "R-10");
        SandboxAnswer[] takenOver = new SandboxAnswer[1];
        // the slow request is held while it writes its answer: its lease runs out, another request takes the key
        ObjectMapper slowWriter = new ObjectMapper() {
            @Override
            public String writeValueAsString(Object value) throws com.fasterxml.jackson.core.JsonProcessingException {
                if (takenOver[0] == null) {
                    takenOver[0] = new SandboxAnswer(0, "", false);
                    clock.advance(IN_FLIGHT_LEASE);
                    takenOver[0] = provider.createRefund(SECRET, "refund:R-10", params);
                }
                return super.writeValueAsString(value);
            }
        };
        SandboxPaymentProvider slow = new SandboxPaymentProvider(db.jdbc(), db.transactions(), slowWriter, properties,
                clock);

        SandboxAnswer late = slow.createRefund(SECRET, "refund:R-10", params);

        assertThat(takenOver[0].status()).isEqualTo(200);
        assertThat(takenOver[0].replayed()).isFalse();
        assertThat(late.status()).isEqualTo(200);
        assertThat(late.replayed()).as("the answer of the request that took the key over").isTrue();
        assertThat(late.body()).isEqualTo(takenOver[0].body());
        assertThat(refundCount()).as("the slow request's refund rolled back").isEqualTo(1);
    }

    private void inFlight(String key, Map<String, String> params, Instant leaseEnds) {
        db.jdbc().sql("""
                        insert into sandbox_payment_requests (idem_key, request_fingerprint, in_flight_until, attempts,
                          created_at)
                        values (:key, :fingerprint, :leaseEnds, 1, :now)
                        """)
                .param("key", key).param("fingerprint", SandboxPaymentProvider.fingerprint(params))
                .param("leaseEnds", leaseEnds.atOffset(ZoneOffset.UTC))
                .param("now", clock.instant().atOffset(ZoneOffset.UTC)).update();
    }

    private int attempts(String key) {
        return db.jdbc().sql("select attempts from sandbox_payment_requests where idem_key = :key").param("key", key)
                .query(Integer.class).single();
    }

    @Test
    void concurrentRequestsWithOneKeyRefundOnce() throws Exception {
        int requests = 8;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<SandboxAnswer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return provider.createRefund(SECRET, "refund:R-7", refund("ch_123", "8750", "R-7"));
                }));
            }
            start.countDown();
            List<SandboxAnswer> done = new ArrayList<>();
            for (Future<SandboxAnswer> answer : answers) {
                done.add(answer.get(120, TimeUnit.SECONDS));
            }

            assertThat(done).extracting(SandboxAnswer::status).containsAnyOf(200).allMatch(s -> s == 200 || s == 409);
            assertThat(done).filteredOn(a -> a.status() == 200).extracting(SandboxAnswer::body).containsOnly(
                    done.stream().filter(a -> a.status() == 200).findFirst().orElseThrow().body());
            assertThat(refundCount()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesRequestsWithoutTheSecretKeyAndStoresNothing() throws Exception {
        SandboxAnswer missing = provider.createRefund(null, "refund:R-8", refund("ch_123", "8750", "R-8"));
        SandboxAnswer wrong = provider.createRefund("Bearer sk_test_wrong", "refund:R-8", refund("ch_123", "8750", "R-8"));

        assertThat(missing.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(json.readTree(wrong.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(wrong.body()).doesNotContain("sk_test");
        assertThat(db.jdbc().sql("select count(*) from sandbox_payment_requests").query(Integer.class).single())
                .isZero();
        assertThat(provider.createRefund(SECRET, "refund:R-8", refund("ch_123", "8750", "R-8")).status())
                .isEqualTo(200);
    }

    @Test
    void invalidRequestsNameTheParameterAndAreNotStored() throws Exception {
        assertInvalid(without(refund("ch_123", "8750", "R-9"), "charge"), "charge", "parameter_missing");
        assertInvalid(refund("ch_123", "87.50", "R-9"), "amount", "parameter_invalid_integer");
        assertInvalid(refund("ch_123", "0", "R-9"), "amount", "parameter_invalid_integer");
        assertInvalid(without(refund("ch_123", "8750", "R-9"), "amount"), "amount", "parameter_missing");
        assertInvalid(with(refund("ch_123", "8750", "R-9"), "currency", "CNY"), "currency", "parameter_invalid_string");
        assertInvalid(with(refund("ch_123", "8750", "R-9"), "reason", "changed_mind"), "reason",
                "parameter_invalid_string");
        assertInvalid(with(refund("ch_123", "8750", "R-9"), "expand[]", "charge"), "expand[]", "parameter_unknown");
        assertInvalid(refund("not-a-charge", "8750", "R-9"), "charge", "resource_missing");

        // none of those took the key
        assertThat(provider.createRefund(SECRET, "refund:R-9", refund("ch_123", "8750", "R-9")).status())
                .isEqualTo(200);
    }

    @Test
    void insistsOnAnIdempotencyKey() {
        assertThat(provider.createRefund(SECRET, null, refund("ch_123", "8750", "R-10")).status()).isEqualTo(400);
        assertThat(provider.createRefund(SECRET, "k".repeat(256), refund("ch_123", "8750", "R-10")).status())
                .isEqualTo(400);
        assertThat(refundCount()).isZero();
    }

    @Test
    void listsAChargesRefundsNewestFirstPageByPage() throws Exception {
        provider.createRefund(SECRET, "refund:R-11", refund("ch_list", "1000", "R-11"));
        clock.advance(java.time.Duration.ofMinutes(1));
        provider.createRefund(SECRET, "refund:R-12", refund("ch_list", "2000", "R-12"));
        provider.createRefund(SECRET, "refund:R-13", refund("ch_other", "3000", "R-13"));

        JsonNode all = json.readTree(provider.listRefunds(SECRET, Map.of("charge", "ch_list")).body());
        assertThat(all.get("object").asText()).isEqualTo("list");
        assertThat(all.get("has_more").asBoolean()).isFalse();
        assertThat(all.get("data").findValuesAsText("return_id")).containsExactly("R-12", "R-11");

        JsonNode first = json.readTree(provider.listRefunds(SECRET, Map.of("charge", "ch_list", "limit", "1")).body());
        assertThat(first.get("has_more").asBoolean()).isTrue();
        String after = first.at("/data/0/id").asText();
        JsonNode second = json.readTree(provider.listRefunds(SECRET,
                Map.of("charge", "ch_list", "limit", "1", "starting_after", after)).body());
        assertThat(second.get("has_more").asBoolean()).isFalse();
        assertThat(second.at("/data/0/metadata/return_id").asText()).isEqualTo("R-11");
        assertThat(second.at("/data/0/amount").asLong()).isEqualTo(1000);

        assertThat(provider.listRefunds("Bearer nope", Map.of("charge", "ch_list")).status()).isEqualTo(401);
        assertThat(provider.listRefunds(SECRET, Map.of()).status()).isEqualTo(400);
    }

    private void assertInvalid(Map<String, String> params, String param, String code) throws Exception {
        SandboxAnswer answer = provider.createRefund(SECRET, "refund:R-9", params);
        assertThat(answer.status()).as("status for %s", params).isEqualTo(400);
        JsonNode error = json.readTree(answer.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").asText()).isEqualTo(param);
        assertThat(error.get("code").asText()).isEqualTo(code);
    }

    private int refundCount() {
        return db.jdbc().sql("select count(*) from sandbox_payment_refunds").query(Integer.class).single();
    }

    static Map<String, String> refund(String charge, String amount, String returnId) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("charge", charge);
        params.put("amount", amount);
        params.put("currency", "cny");
        params.put("reason", "requested_by_customer");
        params.put("metadata[return_id]", returnId);
        return params;
    }

    private static Map<String, String> with(Map<String, String> params, String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(params);
        changed.put(name, value);
        return changed;
    }

    private static Map<String, String> without(Map<String, String> params, String name) {
        Map<String, String> changed = new LinkedHashMap<>(params);
        changed.remove(name);
        return changed;
    }

    @Test
    void aRefundOnThePendingChargeIsPendingUntilItsDelayHasPassedThenSucceedsAndItsWebhookIsDue()
            throws Exception {
        SandboxAnswer created = provider.createRefund(SECRET, "refund:R-P", refund("ch_refund_pending", "500", "R-P"));
        String id = json.readTree(created.body()).get("id").asText();
        assertThat(json.readTree(created.body()).get("status").asText()).isEqualTo("pending");

        clock.advance(PENDING_FOR.minusSeconds(1));
        assertThat(provider.settleDue()).isZero();
        assertThat(status(provider.retrieveRefund(SECRET, id))).isEqualTo("pending");
        assertThat(provider.webhooksDue(10)).isEmpty();

        clock.advance(java.time.Duration.ofSeconds(1));
        assertThat(provider.settleDue()).isEqualTo(1);
        assertThat(provider.settleDue()).as("settled once").isZero();
        assertThat(status(provider.retrieveRefund(SECRET, id))).isEqualTo("succeeded");
        assertThat(provider.listRefunds(SECRET, Map.of("charge", "ch_refund_pending")).body())
                .contains("\"status\":\"succeeded\"");
        assertThat(provider.webhooksDue(10)).singleElement().satisfies(due -> {
            assertThat(due).containsEntry("id", id).containsEntry("status", "succeeded");
            assertThat(due.get("metadata")).isEqualTo(Map.of("return_id", "R-P"));
        });
        // the idempotent replay is the first answer, as the real provider's
        SandboxAnswer replay = provider.createRefund(SECRET, "refund:R-P", refund("ch_refund_pending", "500", "R-P"));
        assertThat(replay.body()).isEqualTo(created.body());

        provider.webhookDelivered(id, "succeeded");
        assertThat(provider.webhooksDue(10)).isEmpty();
    }

    @Test
    void anOrdinaryRefundIsLookedUpAsSucceededAndAnUnknownOneIsNotFound() throws Exception {
        String id = json.readTree(provider.createRefund(SECRET, "refund:R-Q", refund("ch_123", "100", "R-Q")).body())
                .get("id").asText();

        assertThat(status(provider.retrieveRefund(SECRET, id))).isEqualTo("succeeded");
        assertThat(provider.retrieveRefund(SECRET, "re_unknown").status()).isEqualTo(404);
        assertThat(provider.retrieveRefund("Bearer wrong", id).status()).isEqualTo(401);
        assertThat(provider.settleDue()).isZero();
        assertThat(provider.webhooksDue(10)).isEmpty();
    }

    private String status(SandboxAnswer answer) throws Exception {
        assertThat(answer.status()).isEqualTo(200);
        return json.readTree(answer.body()).get("status").asText();
    }
}
