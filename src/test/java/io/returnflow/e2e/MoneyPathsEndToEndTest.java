package io.returnflow.e2e;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.item;
import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.returnflow.carrier.sandbox.SandboxCarrierOrders;
import io.returnflow.carrier.sandbox.SandboxCourier;
import io.returnflow.payment.Refund;
import io.returnflow.payment.RefundOrder;
import io.returnflow.payment.RefundService;
import io.returnflow.support.Courier;
import io.returnflow.support.Eventually;
import io.returnflow.support.SharedPostgres;

/**
 * Every way money moves after a person's decision, through the real engine, the real services and the real
 * tables on PostgreSQL: the refund ledger ({@code refunds}), the sandbox provider's own record of what it was
 * asked ({@code sandbox_payment_requests}, {@code sandbox_payment_refunds}), the freight ledger
 * ({@code freight_ledger_returns}), the carrier claims ({@code carrier_claims}), the return's priced refund,
 * its status and its timeline. Amounts are compared exactly, and no path pays the buyer twice.
 *
 * <p>The job executor is off: the test runs the journey's jobs (booking, refund, the lost-parcel timer) itself.
 * The sandbox courier moves when the test steps it; only its webhooks' way through the carrier inbox is waited
 * for. Every return is a home pickup in 广东省 to the warehouse in 广东省: its freight is the rate table's
 * 12.00 CNY for the first kilogram (one piece declares 0.5 kg).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camunda.bpm.job-execution.enabled=false")
@ActiveProfiles("test")
@DirtiesContext
class MoneyPathsEndToEndTest {

    /** The longest the carrier's webhooks may take to move a journey on; waits end as soon as they did. */
    private static final Duration COURIER = Duration.ofSeconds(120);
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String INVESTIGATE_MISSING_PARCEL = "Activity_InvestigateMissingParcel";
    private static final String RESOLVE_REFUND_FAILURE = "Activity_ResolveRefundFailure";
    private static final String ISSUE_REFUND = "Activity_IssueRefund";
    private static final String PARCEL_OVERDUE = "Event_ParcelOverdue";
    private static final String FAILING_CHARGE = "ch_refund_fails";
    private static final BigDecimal PICKUP_FREIGHT = new BigDecimal("12.00");

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        SharedPostgres.useNewDatabase(registry, "money");
    }

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    RefundService refunds;
    @Autowired
    SandboxCourier sandboxCourier;
    @Autowired
    SandboxCarrierOrders sandboxOrders;

    private JourneyApi api;

    @BeforeEach
    void overHttp() {
        api = new JourneyApi(rest, COURIER);
    }

    // ------------------------------------------------------------------ Investigate missing parcel

    @Test
    void closeAsLostClaimsTheItemsValueFromTheCarrierThatLostItAndRefundsTheBuyerOnce() {
        String id = api.create(homePickup(newOrderId()));
        JsonNode task = driveToMissingParcel(id);

        assertThat(api.complete("cs", task, map("missingParcelDecision", map("value", "CLOSE_AS_LOST"))).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);

        // the carrier owes what the items are worth, on the leg that lost them
        Map<String, Object> claim = jdbc.sql("select * from carrier_claims where return_id = ?").param(id)
                .query().singleRow();
        String waybill = jdbc.sql("select waybill from pickup_bookings where order_code = ?")
                .param(Courier.pickup(id, 1)).query(String.class).single();
        assertThat((BigDecimal) claim.get("declared_value")).isEqualTo(new BigDecimal("99.00"));
        assertThat(claim.get("currency")).isEqualTo("CNY");
        assertThat(claim.get("carrier")).isEqualTo("SF");
        assertThat(claim.get("order_code")).isEqualTo(Courier.pickup(id, 1));
        assertThat(claim.get("waybill")).isNotNull().isEqualTo(waybill);
        assertThat(claim.get("claimed_by")).isEqualTo("cs");
        JsonNode claimed = api.lastEntry(id, "CARRIER_CLAIM");
        assertThat(claimed.path("actor").asText()).isEqualTo("cs");
        assertThat(claimed.path("detail").asText()).isEqualTo("Parcel closed as lost; claim of 99.00 CNY against "
                + "carrier SF (order " + Courier.pickup(id, 1) + ", waybill " + waybill + ")");

        // then the buyer is refunded in full: the merchant bears a defect's freight
        runJob(id, ISSUE_REFUND);
        assertRefundedOnceByTheProvider(id, "99.00");
        assertThat(api.getReturn(id).path("status").asText()).isEqualTo("COMPLETED");
        assertThat(journeyEnded(id)).isTrue();
        assertFreight(id, "MERCHANT");
        assertThat(api.timelineTypes(id)).containsSubsequence("MISSING_PARCEL_DECIDED", "CARRIER_CLAIM", "REFUNDED")
                .containsOnlyOnce("CARRIER_CLAIM", "REFUNDED");
    }

    @Test
    void refundAnywayRefundsTheBuyerOnceAndClaimsNothing() {
        String id = api.create(homePickup(newOrderId()));

        assertThat(api.complete("cs", driveToMissingParcel(id), map("missingParcelDecision", map("value",
                "REFUND_ANYWAY"))).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        runJob(id, ISSUE_REFUND);

        assertRefundedOnceByTheProvider(id, "99.00");
        assertThat(claims(id)).isZero();
        assertThat(api.getReturn(id).path("status").asText()).isEqualTo("COMPLETED");
        assertThat(api.timelineTypes(id)).containsOnlyOnce("REFUNDED").doesNotContain("CARRIER_CLAIM");
        assertThat(api.lastEntry(id, "MISSING_PARCEL_DECIDED").path("detail").asText()).contains("refund the buyer");
        assertFreight(id, "MERCHANT");
    }

    @Test
    void keepWaitingMovesNoMoneyUntilTheParcelArrivesAndThenRefundsOnce() {
        String id = api.create(homePickup(newOrderId()));
        String until = OffsetDateTime.now(SHANGHAI).plusDays(2).withNano(0).toString();

        assertThat(api.complete("cs", driveToMissingParcel(id), map("missingParcelDecision", map("value", "KEEP_WAITING"),
                "waitUntil", map("value", until))).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        // waiting again, until the new deadline: no refund, no claim yet
        awaitJob(id, PARCEL_OVERDUE);
        assertThat(refundRows(id)).isZero();
        assertThat(claims(id)).isZero();
        assertThat(api.getReturn(id).path("status").asText()).isNotIn("COMPLETED", "CANCELLED");

        // the parcel turns up after all: inspected automatically, refunded once
        courier().sign(Courier.pickup(id, 1));
        awaitJob(id, ISSUE_REFUND);
        runJob(id, ISSUE_REFUND);

        assertRefundedOnceByTheProvider(id, "99.00");
        assertThat(claims(id)).isZero();
        assertThat(api.getReturn(id).path("status").asText()).isEqualTo("COMPLETED");
        assertThat(api.timelineTypes(id)).containsSubsequence("MISSING_PARCEL_DECIDED", "REFUNDED")
                .containsOnlyOnce("REFUNDED").doesNotContain("CARRIER_CLAIM");
        assertThat(api.lastEntry(id, "MISSING_PARCEL_DECIDED").path("detail").asText()).contains("keep waiting until");
        assertFreight(id, "MERCHANT");
    }

    // ------------------------------------------------------------------ Resolve refund failure

    @Test
    void retryEscalateThenRefundedElsewhereLeavesOneSucceededRefundAndALateRetryPaysNothing() {
        String id = api.create(failingRefund(homePickup(newOrderId())));
        JsonNode failure = driveToRefundFailure(id);
        Map<String, Object> failed = refundRow(id);
        assertThat(failed.get("status")).isEqualTo("FAILED");
        assertThat(failed.get("idempotency_key")).isEqualTo("refund:" + id);
        assertThat((BigDecimal) failed.get("amount")).isEqualTo(new BigDecimal("99.00"));
        assertThat(providerRequests(id)).isEqualTo(1);

        // RETRY: a fresh key (no money moved under the old one), the same ledger row, refused again
        assertThat(api.complete("cs", failure, map("refundFailureDecision", map("value", "RETRY"))).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        runJob(id, ISSUE_REFUND);
        JsonNode again = api.awaitTask("cs", id, RESOLVE_REFUND_FAILURE);
        Map<String, Object> retried = refundRow(id);
        assertThat(retried.get("status")).isEqualTo("FAILED");
        assertThat(retried.get("idempotency_key")).isEqualTo("refund:" + id + ":2");
        assertThat((BigDecimal) retried.get("amount")).isEqualTo(new BigDecimal("99.00"));
        assertThat(refundRows(id)).isEqualTo(1);
        assertThat(providerRequests(id)).isEqualTo(2);
        assertThat(providerRefunds(id)).isZero();

        // ESCALATE: operations take it over; no money moves
        assertThat(api.complete("cs", again, map("refundFailureDecision", map("value", "ESCALATE"))).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        JsonNode escalated = api.awaitTask("ops", id, RESOLVE_REFUND_FAILURE);
        assertThat(api.lastEntry(id, "REFUND_ESCALATED").path("actor").asText()).isEqualTo("cs");
        assertThat(refundRow(id).get("status")).isEqualTo("FAILED");
        assertThat(providerRequests(id)).isEqualTo(2);

        // REFUNDED_ELSEWHERE: the bank transfer operations made is the refund
        assertThat(api.complete("ops", escalated, map("refundFailureDecision", map("value", "REFUNDED_ELSEWHERE"),
                "externalRefundReference", map("value", "BANK-7781"))).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertRefundedElsewhere(id, "BANK-7781", "ops");
        assertThat(api.timelineTypes(id)).containsSubsequence("REFUND_ESCALATED", "REFUNDED_ELSEWHERE")
                .containsOnlyOnce("REFUNDED_ELSEWHERE").doesNotContain("REFUNDED");

        assertALateRetryPaysNothing(id, "BANK-7781", 2);
    }

    @Test
    void refundedElsewhereByCustomerServiceIsTheRefundAndALateRetryPaysNothing() {
        String id = api.create(failingRefund(homePickup(newOrderId())));

        assertThat(api.complete("cs", driveToRefundFailure(id), map("refundFailureDecision", map("value",
                "REFUNDED_ELSEWHERE"), "externalRefundReference", map("value", "VOUCHER-42"))).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);

        assertRefundedElsewhere(id, "VOUCHER-42", "cs");
        assertThat(api.timelineTypes(id)).containsOnlyOnce("REFUNDED_ELSEWHERE")
                .doesNotContain("REFUND_ESCALATED", "REFUNDED");
        assertALateRetryPaysNothing(id, "VOUCHER-42", 1);
    }

    // ------------------------------------------------------------------ who pays the freight

    @Test
    void aBuyerWhoChangedTheirMindBearsTheFreightAndTheRestockingFeeExactlyOnce() {
        Map<String, Object> body = homePickup(newOrderId());
        body.put("reason", "CHANGED_MIND");
        item(body, 0).put("category", "electronics");
        String id = api.create(body);

        // the table: the buyer pays; the refund is 99.00 − 12.00 freight − 9.90 restocking fee (10 %)
        Map<String, Object> priced = jdbc.sql("select freight_payer, freight_amount, freight_deducted, restocking_fee,"
                + " refund_amount from returns where id = ?").param(id).query().singleRow();
        assertThat(priced.get("freight_payer")).isEqualTo("BUYER");
        assertThat((BigDecimal) priced.get("freight_amount")).isEqualTo(PICKUP_FREIGHT);
        assertThat((BigDecimal) priced.get("freight_deducted")).isEqualTo(PICKUP_FREIGHT);
        assertThat((BigDecimal) priced.get("restocking_fee")).isEqualTo(new BigDecimal("9.90"));
        assertThat((BigDecimal) priced.get("refund_amount")).isEqualTo(new BigDecimal("77.10"));
        assertThat(api.lastEntry(id, "FREIGHT_PAYER").path("detail").asText())
                .isEqualTo("BUYER bears the freight of 12.00 CNY (freight-payer: buyer-pays)");

        runJob(id, "Activity_BookPickup");
        courier().deliver(Courier.pickup(id, 1));
        awaitJob(id, ISSUE_REFUND);
        runJob(id, ISSUE_REFUND);

        assertRefundedOnceByTheProvider(id, "77.10");
        assertFreight(id, "BUYER");
        JsonNode view = api.getReturn(id);
        assertThat(view.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(view.path("refund").path("amount").asText()).isEqualTo("77.10");
    }

    @Test
    void aSecondReturnOfTheSameOrderIsRefundedNoMoreThanTheOrderHasLeft() {
        String orderId = newOrderId();
        String first = api.create(homePickup(orderId));
        Map<String, Object> second = homePickup(orderId);
        item(second, 0).put("lineId", "L2");
        item(second, 0).put("sku", "SKU-2");
        item(second, 0).put("unitPrice", "150.00");
        String other = api.create(second);

        // of 199.00 paid, the first return takes 99.00: 100.00 are left for the 150.00 line; the merchant pays
        // the freight of both (a defect)
        assertThat(refundAmount(first)).isEqualTo(new BigDecimal("99.00"));
        assertThat(refundAmount(other)).isEqualTo(new BigDecimal("100.00"));
        assertThat(jdbc.sql("select freight_payer from returns where id = ?").param(other).query(String.class)
                .single()).isEqualTo("MERCHANT");

        for (String id : List.of(first, other)) {
            runJob(id, "Activity_BookPickup");
            courier().deliver(Courier.pickup(id, 1));
            awaitJob(id, ISSUE_REFUND);
            runJob(id, ISSUE_REFUND);
        }
        assertRefundedOnceByTheProvider(first, "99.00");
        assertRefundedOnceByTheProvider(other, "100.00");
    }

    // ------------------------------------------------------------------ the money, asserted

    /** One ledger row, SUCCEEDED at the provider for exactly this amount, after exactly one request. */
    private void assertRefundedOnceByTheProvider(String id, String amount) {
        Map<String, Object> row = refundRow(id);
        assertThat(row.get("status")).as(id).isEqualTo("SUCCEEDED");
        assertThat((BigDecimal) row.get("amount")).as(id).isEqualTo(new BigDecimal(amount));
        assertThat(row.get("currency")).isEqualTo("CNY");
        assertThat(row.get("provider_refund_id")).as(id).isNotNull();
        assertThat(row.get("external_reference")).as(id).isNull();
        assertThat(refundRows(id)).isEqualTo(1);
        assertThat(providerRequests(id)).as("requests to the provider for " + id).isEqualTo(1);
        assertThat(providerRefunds(id)).as("refunds the provider made for " + id).isEqualTo(1);
        // the provider speaks minor units (fen)
        assertThat(jdbc.sql("select sum(amount) from sandbox_payment_refunds where return_id = ?").param(id)
                .query(Long.class).single()).isEqualTo(new BigDecimal(amount).movePointRight(2).longValueExact());
        assertThat(api.getReturn(id).path("refund").path("amount").asText()).isEqualTo(amount);
    }

    private void assertRefundedElsewhere(String id, String reference, String by) {
        Map<String, Object> row = refundRow(id);
        assertThat(row.get("status")).isEqualTo("SUCCEEDED");
        assertThat((BigDecimal) row.get("amount")).isEqualTo(new BigDecimal("99.00"));
        assertThat(row.get("external_reference")).isEqualTo(reference);
        assertThat(row.get("recorded_by")).isEqualTo(by);
        assertThat(row.get("provider_refund_id")).isNull();
        assertThat(row.get("refunded_at")).isNotNull();
        assertThat(refundRows(id)).isEqualTo(1);
        assertThat(providerRefunds(id)).isZero();
        JsonNode recorded = api.lastEntry(id, "REFUNDED_ELSEWHERE");
        assertThat(recorded.path("actor").asText()).isEqualTo(by);
        assertThat(recorded.path("detail").asText())
                .isEqualTo("Refunded 99.00 CNY by another channel, reference " + reference);
        JsonNode view = api.getReturn(id);
        assertThat(view.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(view.path("refund").path("external").asBoolean()).isTrue();
        assertThat(journeyEnded(id)).isTrue();
    }

    /** A refund step that runs again after the refund was made elsewhere, by either door: nothing is sent. */
    private void assertALateRetryPaysNothing(String id, String reference, long requestsBefore) {
        RefundOrder order = RefundOrder.forReturn(id, FAILING_CHARGE, new BigDecimal("99.00"), "CNY");
        for (Refund asked : List.of(refunds.issue(order), refunds.retryAfterFailure(order))) {
            assertThat(asked.status()).isEqualTo(Refund.Status.SUCCEEDED);
            assertThat(asked.externalReference()).isEqualTo(reference);
        }
        assertThat(providerRequests(id)).isEqualTo(requestsBefore);
        assertThat(providerRefunds(id)).isZero();
        assertThat(refundRows(id)).isEqualTo(1);
        assertThat(refundRow(id).get("external_reference")).isEqualTo(reference);
    }

    /** The freight ledger: the pickup's one entry bears the whole freight, borne by {@code payer}. */
    private void assertFreight(String id, String payer) {
        Map<String, Object> share = jdbc.sql("""
                        select l.order_code, l.expected_amount, r.amount, r.payer from freight_ledger_returns r
                          join freight_ledger l on l.id = r.ledger_id where r.return_id = ?""")
                .param(id).query().singleRow();
        assertThat(share.get("order_code")).isEqualTo(Courier.pickup(id, 1));
        assertThat((BigDecimal) share.get("expected_amount")).isEqualTo(PICKUP_FREIGHT);
        assertThat((BigDecimal) share.get("amount")).isEqualTo(PICKUP_FREIGHT);
        assertThat(share.get("payer")).isEqualTo(payer);
    }

    private Map<String, Object> refundRow(String id) {
        return jdbc.sql("select * from refunds where return_id = ?").param(id).query().singleRow();
    }

    private long refundRows(String id) {
        return jdbc.sql("select count(*) from refunds where return_id = ?").param(id).query(Long.class).single();
    }

    private BigDecimal refundAmount(String id) {
        return jdbc.sql("select refund_amount from returns where id = ?").param(id).query(BigDecimal.class).single();
    }

    private long claims(String id) {
        return jdbc.sql("select count(*) from carrier_claims where return_id = ?").param(id).query(Long.class)
                .single();
    }

    /** The refund requests the provider received for the return, under any of its keys, every try counted. */
    private long providerRequests(String id) {
        return jdbc.sql("select coalesce(sum(attempts), 0) from sandbox_payment_requests where idem_key like ?")
                .param("refund:" + id + "%").query(Long.class).single();
    }

    /** The refunds the provider made (money that moved), succeeded or pending. */
    private long providerRefunds(String id) {
        return jdbc.sql("select count(*) from sandbox_payment_refunds where return_id = ?").param(id)
                .query(Long.class).single();
    }

    // ------------------------------------------------------------------ journeys

    private static Map<String, Object> failingRefund(Map<String, Object> body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> payment = (Map<String, Object>) body.get("payment");
        payment.put("chargeId", FAILING_CHARGE);
        return body;
    }

    /** Booked, collected, never signed for: the lost-parcel deadline passes. */
    private JsonNode driveToMissingParcel(String id) {
        runJob(id, "Activity_BookPickup");
        courier().collect(Courier.pickup(id, 1));
        awaitJob(id, PARCEL_OVERDUE);
        runJob(id, PARCEL_OVERDUE);
        return api.awaitTask("cs", id, INVESTIGATE_MISSING_PARCEL);
    }

    /** Booked, delivered, inspected automatically, and the provider refuses the refund. */
    private JsonNode driveToRefundFailure(String id) {
        runJob(id, "Activity_BookPickup");
        courier().deliver(Courier.pickup(id, 1));
        awaitJob(id, ISSUE_REFUND);
        runJob(id, ISSUE_REFUND);
        return api.awaitTask("cs", id, RESOLVE_REFUND_FAILURE);
    }

    private Courier courier() {
        return new Courier(sandboxCourier, sandboxOrders, jdbc);
    }

    private void runJob(String id, String activity) {
        Job job = job(id, activity);
        assertThat(job).as("a job of " + activity + " for " + id).isNotNull();
        management.executeJob(job.getId());
    }

    /** Waits until the carrier's news has moved the journey on to the job of this activity. */
    private void awaitJob(String id, String activity) {
        Eventually.await("a job of " + activity + " for " + id, COURIER, () -> job(id, activity), Objects::nonNull);
    }

    private Job job(String id, String activity) {
        return runtime.createProcessInstanceQuery().processDefinitionKey("return-journey")
                .processInstanceBusinessKey(id).list().stream()
                .map(instance -> management.createJobQuery().processInstanceId(instance.getId()).activityId(activity)
                        .singleResult())
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    private boolean journeyEnded(String id) {
        return runtime.createProcessInstanceQuery().processDefinitionKey("return-journey")
                .processInstanceBusinessKey(id).count() == 0;
    }
}
