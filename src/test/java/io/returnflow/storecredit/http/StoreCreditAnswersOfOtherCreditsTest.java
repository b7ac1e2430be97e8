package io.returnflow.storecredit.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.returnflow.platform.EndpointResolver;
import io.returnflow.storecredit.CreditOrder;
import io.returnflow.storecredit.StoreCredit;
import io.returnflow.storecredit.StoreCreditLedger;
import io.returnflow.storecredit.StoreCreditParkedException;
import io.returnflow.storecredit.StoreCreditService;
import io.returnflow.support.MigratedDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.openfeign.FeignAutoConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A credit system's answer is this return's credit only when it is the credit asked for: the production adapter and
 * the ledger against a stub whose answers name another return or another buyer's account. Such an answer is parked
 * (the ledger stays {@code SENT}, nothing recorded as issued, nothing told), never adopted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        classes = {StoreCreditHttpConfiguration.class, HttpStoreCreditGateway.class, EndpointResolver.class},
        properties = {
                "returnflow.store-credit.api-key=sk_test_adapter",
                "spring.cloud.openfeign.client.config.store-credit.connect-timeout=5000",
                "spring.cloud.openfeign.client.config.store-credit.read-timeout=10000",
        })
@ImportAutoConfiguration({FeignAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
        JacksonAutoConfiguration.class})
class StoreCreditAnswersOfOtherCreditsTest {

    private static final WireMockServer system = new WireMockServer(options().dynamicPort());

    static {
        system.start();
    }

    @DynamicPropertySource
    static void systemUrl(DynamicPropertyRegistry registry) {
        registry.add("stub.port", system::port);
        registry.add("returnflow.store-credit.base-url", () -> "http://localhost:${stub.port}/credit");
    }

    @AfterAll
    static void stopSystem() {
        system.stop();
    }

    @Autowired
    HttpStoreCreditGateway gateway;

    private final List<Object> told = new ArrayList<>();
    private final CreditOrder order = new CreditOrder("credit:R-7", "R-7", "cus_7", "SO-7", "CNY",
            new BigDecimal("99.00"), new BigDecimal("10.00"));
    private StoreCreditService credits;

    @BeforeEach
    void setUp() {
        system.resetAll();
        MigratedDatabase db = MigratedDatabase.migrated();
        credits = new StoreCreditService(new StoreCreditLedger(db.jdbc()), gateway, db.transactions(),
                Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC), told::add);
    }

    @Test
    void aCreditAnsweredForAnotherReturnIsParkedAndNotAdopted() {
        system.stubFor(post("/credit/v1/credits").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(credit("sc_theirs", "R-8", null))));

        assertThatThrownBy(() -> credits.issue(order)).isInstanceOf(StoreCreditParkedException.class)
                .hasMessageContaining("sc_theirs").hasMessageContaining("reference R-8");

        assertNothingIssued();
        assertThat(credits.find("R-7").orElseThrow().failureReason()).startsWith("parked: ");
    }

    @Test
    void aCreditAnsweredOnAnotherBuyersAccountIsParkedAndNotAdoptedByTheLookUpEither() {
        system.stubFor(post("/credit/v1/credits").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(credit("sc_theirs", "R-7", "cus_8"))));
        system.stubFor(get(urlPathEqualTo("/credit/v1/credits"))
                .willReturn(okJson("{\"data\": [" + credit("sc_theirs", "R-7", "cus_8") + "]}")));

        assertThatThrownBy(() -> credits.issue(order)).isInstanceOf(StoreCreditParkedException.class)
                .hasMessageContaining("customer cus_8");
        assertNothingIssued();

        // the next try looks the credit up by reference before sending: the one it finds is not this buyer's
        assertThatThrownBy(() -> credits.issue(order)).isInstanceOf(StoreCreditParkedException.class)
                .hasMessageContaining("customer cus_8");
        assertNothingIssued();
        system.verify(1, postRequestedFor(urlPathEqualTo("/credit/v1/credits")));
    }

    @Test
    void theBuyersOwnCreditIsIssuedWithOrWithoutTheAccountNamed() {
        system.stubFor(post("/credit/v1/credits").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(credit("sc_ours", "R-7", "cus_7"))));

        StoreCredit issued = credits.issue(order);

        assertThat(issued.status()).isEqualTo(StoreCredit.Status.ISSUED);
        assertThat(issued.providerCreditId()).isEqualTo("sc_ours");
        assertThat(told).hasSize(1);
    }

    private void assertNothingIssued() {
        StoreCredit recorded = credits.find("R-7").orElseThrow();
        assertThat(recorded.status()).isEqualTo(StoreCredit.Status.SENT);
        assertThat(recorded.providerCreditId()).isNull();
        assertThat(recorded.issuedAt()).isNull();
        assertThat(told).as("no settlement told").isEmpty();
    }

    private static String credit(String id, String reference, String customerId) {
        return """
                {"id": "%s", "status": "issued", "amount": "99.00", "bonus": "10.00", "currency": "CNY",
                 "reference": "%s", %s"createdAt": "2026-12-07T12:00:00Z"}"""
                .formatted(id, reference, customerId == null ? "" : "\"customerId\": \"" + customerId + "\", ");
    }
}
