package io.returnflow.storecredit.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.returnflow.storecredit.CreditOrder;
import io.returnflow.storecredit.StoreCredit;
import io.returnflow.storecredit.StoreCreditParkedException;
import io.returnflow.storecredit.StoreCreditRefusedException;
import io.returnflow.storecredit.StoreCreditService;
import io.returnflow.storecredit.StoreCreditUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Exactly once against the sandbox store-credit system over real HTTP, through the production adapter: a provider
 * that fails, an answer that is lost, tries that race, a refusal, a code the protocol does not list. The job
 * executor is off: the test is the job that tries again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camunda.bpm.job-execution.enabled=false")
@ActiveProfiles("test")
@DirtiesContext
class StoreCreditSandboxRoundTripTest {

    @Autowired
    StoreCreditService credits;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;

    @Test
    void aCreditIsOnTheAccountWithTheBonusApartAndARepeatedIssueCreditsNothing() throws Exception {
        CreditOrder order = order("R-SC-OK", "cus_sc_ok", "99.00", "10.00");

        StoreCredit issued = credits.issue(order);
        credits.issue(order);

        assertThat(issued.status()).isEqualTo(StoreCredit.Status.ISSUED);
        assertThat(issued.providerCreditId()).startsWith("sc_");
        JsonNode account = account("cus_sc_ok");
        assertThat(account.path("balance").asText()).isEqualTo("109.00");
        assertThat(account.path("valueBalance").asText()).isEqualTo("99.00");
        assertThat(account.path("bonusBalance").asText()).isEqualTo("10.00");
        assertThat(account.path("entries")).hasSize(1);
        assertThat(account.path("entries").get(0).path("id").asText()).isEqualTo(issued.providerCreditId());
    }

    @Test
    void aFlakyProviderIsTriedAgainUnderTheSameKeyAndCreditsOnce() throws Exception {
        CreditOrder order = order("R-SC-FLAKY", SandboxStoreCreditProvider.FLAKY_CUSTOMER, "50.00", "0.00");

        // the sandbox fails the first two tries of a key (returnflow.store-credit.sandbox.flaky-failures)
        assertThatThrownBy(() -> credits.issue(order)).isInstanceOf(StoreCreditUnavailableException.class);
        assertThatThrownBy(() -> credits.issue(order)).isInstanceOf(StoreCreditUnavailableException.class);
        StoreCredit issued = credits.issue(order);

        assertThat(issued.status()).isEqualTo(StoreCredit.Status.ISSUED);
        assertThat(issued.attempts()).isEqualTo(3);
        assertThat(creditsFor("R-SC-FLAKY")).hasSize(1);
    }

    @Test
    void anAnswerLostIsFoundByItsReferenceAndNotCreditedTwice() throws Exception {
        CreditOrder order = order("R-SC-LOST", SandboxStoreCreditProvider.LOST_CUSTOMER, "30.00", "3.00");

        assertThatThrownBy(() -> credits.issue(order)).isInstanceOf(StoreCreditUnavailableException.class);
        assertThat(credits.find("R-SC-LOST")).map(StoreCredit::status).contains(StoreCredit.Status.SENT);
        StoreCredit adopted = credits.issue(order);

        assertThat(adopted.status()).isEqualTo(StoreCredit.Status.ISSUED);
        assertThat(adopted.attempts()).as("found, not sent again").isEqualTo(1);
        JsonNode onAccount = creditsFor("R-SC-LOST");
        assertThat(onAccount).hasSize(1);
        assertThat(onAccount.get(0).path("id").asText()).isEqualTo(adopted.providerCreditId());
    }

    @Test
    void triesThatRaceCreditOnce() throws Exception {
        CreditOrder order = order("R-SC-RACE", "cus_sc_race", "20.00", "2.00");
        int tries = 4;
        CyclicBarrier start = new CyclicBarrier(tries);
        ExecutorService pool = Executors.newFixedThreadPool(tries);
        try {
            List<Future<StoreCredit>> outcomes = new ArrayList<>();
            for (int i = 0; i < tries; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    // a try that meets the key in use is retried, as its job would be
                    while (true) {
                        try {
                            return credits.issue(order);
                        } catch (StoreCreditUnavailableException inUse) {
                            Thread.onSpinWait();
                        }
                    }
                }));
            }
            for (Future<StoreCredit> outcome : outcomes) {
                assertThat(outcome.get().status()).isEqualTo(StoreCredit.Status.ISSUED);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode account = account("cus_sc_race");
        assertThat(account.path("entries")).hasSize(1);
        assertThat(account.path("balance").asText()).isEqualTo("22.00");
        assertThat(credits.find("R-SC-RACE").orElseThrow().providerCreditId())
                .isEqualTo(account.path("entries").get(0).path("id").asText());
    }

    @Test
    void aClosedAccountIsRefusedForGoodAndNotSentAgainByItself() throws Exception {
        CreditOrder order = order("R-SC-CLOSED", SandboxStoreCreditProvider.CLOSED_CUSTOMER, "10.00", "0.00");

        assertThatThrownBy(() -> credits.issue(order)).isInstanceOf(StoreCreditRefusedException.class)
                .extracting(refused -> ((StoreCreditRefusedException) refused).code()).isEqualTo("account_closed");

        StoreCredit failed = credits.issue(order);
        assertThat(failed.status()).isEqualTo(StoreCredit.Status.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.failureReason()).startsWith("account_closed:");
        assertThat(creditsFor("R-SC-CLOSED")).isEmpty();
    }

    @Test
    void aCodeTheProtocolDoesNotListIsParkedAndNothingIsRecordedAsIssued() throws Exception {
        CreditOrder order = order("R-SC-UNKNOWN", SandboxStoreCreditProvider.UNKNOWN_CODE_CUSTOMER, "10.00", "0.00");

        assertThatThrownBy(() -> credits.issue(order)).isInstanceOf(StoreCreditParkedException.class)
                .hasMessageContaining(SandboxStoreCreditProvider.UNKNOWN_CODE);

        StoreCredit parked = credits.find("R-SC-UNKNOWN").orElseThrow();
        assertThat(parked.status()).isEqualTo(StoreCredit.Status.SENT);
        assertThat(parked.providerCreditId()).isNull();
        assertThat(parked.failureReason()).contains(SandboxStoreCreditProvider.UNKNOWN_CODE);
        assertThat(creditsFor("R-SC-UNKNOWN")).isEmpty();
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedByTheSandbox() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth("sk_test_store_credit_sandbox");
        headers.set("Idempotency-Key", "credit:R-SC-BODY");
        headers.setContentType(MediaType.APPLICATION_JSON);
        String first = """
                {"customerId": "cus_sc_body", "orderId": "SO-1", "reference": "R-SC-BODY", "currency": "CNY",
                 "amount": "5.00", "bonus": "0.00"}""";
        ResponseEntity<String> created = rest.exchange("/sandbox/store-credit/v1/credits", HttpMethod.POST,
                new HttpEntity<>(first, headers), String.class);
        ResponseEntity<String> replayed = rest.exchange("/sandbox/store-credit/v1/credits", HttpMethod.POST,
                new HttpEntity<>(first, headers), String.class);
        ResponseEntity<String> other = rest.exchange("/sandbox/store-credit/v1/credits", HttpMethod.POST,
                new HttpEntity<>(first.replace("5.00", "6.00"), headers), String.class);

        assertThat(created.getStatusCode().value()).isEqualTo(201);
        assertThat(replayed.getStatusCode().value()).isEqualTo(201);
        assertThat(replayed.getBody()).isEqualTo(created.getBody());
        assertThat(replayed.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(other.getStatusCode().value()).isEqualTo(422);
        assertThat(other.getBody()).contains("idempotency_key_reused");
    }

    @ParameterizedTest
    @CsvSource({"1e30, 0.00", "1E2, 0.00", "100000000000000000.00, 0.00", "-5.00, 0.00", "5.001, 0.00",
            "' 5.00', 0.00", "0.00, 0.00", "5.00, 100000000000000000", "5.00, -1.00", "5.00, 1e3"})
    void anAmountTheProtocolOrTheAccountCannotHoldIsInvalidNotAKeyInUse(String amount, String bonus)
            throws Exception {
        String reference = "R-SC-AMT-" + Math.abs((amount + "|" + bonus).hashCode());

        ResponseEntity<String> answer = post("credit:" + reference, """
                {"customerId": "cus_sc_amount", "orderId": "SO-1", "reference": "%s", "currency": "CNY",
                 "amount": "%s", "bonus": "%s"}""".formatted(reference, amount, bonus));

        assertThat(answer.getStatusCode().value()).isEqualTo(422);
        assertThat(json.readTree(answer.getBody()).path("code").asText()).isEqualTo("invalid_amount");
        assertThat(creditsFor(reference)).isEmpty();
    }

    @Test
    void aCreditTheAccountsBalanceCannotHoldIsInvalidAndTheAccountStaysAsItWas() throws Exception {
        String most = "99999999999999999.99";
        ResponseEntity<String> first = post("credit:R-SC-MOST", """
                {"customerId": "cus_sc_most", "orderId": "SO-1", "reference": "R-SC-MOST", "currency": "CNY",
                 "amount": "%s", "bonus": "0.00"}""".formatted(most));
        ResponseEntity<String> more = post("credit:R-SC-MORE", """
                {"customerId": "cus_sc_most", "orderId": "SO-2", "reference": "R-SC-MORE", "currency": "CNY",
                 "amount": "0.01", "bonus": "0.00"}""");

        assertThat(first.getStatusCode().value()).isEqualTo(201);
        assertThat(more.getStatusCode().value()).isEqualTo(422);
        assertThat(json.readTree(more.getBody()).path("code").asText()).isEqualTo("invalid_amount");
        JsonNode account = account("cus_sc_most");
        assertThat(account.path("valueBalance").asText()).isEqualTo(most);
        assertThat(account.path("entries")).hasSize(1);
    }

    private ResponseEntity<String> post(String key, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth("sk_test_store_credit_sandbox");
        headers.set("Idempotency-Key", key);
        headers.setContentType(MediaType.APPLICATION_JSON);
        return rest.exchange("/sandbox/store-credit/v1/credits", HttpMethod.POST, new HttpEntity<>(body, headers),
                String.class);
    }

    private static CreditOrder order(String returnId, String customerId, String amount, String bonus) {
        return new CreditOrder(CreditOrder.keyOf(returnId), returnId, customerId, "SO-" + returnId, "CNY",
                new BigDecimal(amount), new BigDecimal(bonus));
    }

    private JsonNode account(String customerId) throws Exception {
        ResponseEntity<String> answer = rest.getForEntity("/sandbox/store-credit/accounts/" + customerId,
                String.class);
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        return json.readTree(answer.getBody());
    }

    private JsonNode creditsFor(String reference) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth("sk_test_store_credit_sandbox");
        ResponseEntity<String> answer = rest.exchange("/sandbox/store-credit/v1/credits?reference=" + reference,
                HttpMethod.GET, new HttpEntity<>(headers), String.class);
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        return json.readTree(answer.getBody()).path("data");
    }
}
