package io.returnflow.payment.sandbox;

import io.returnflow.support.MutableClock;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.returnflow.support.MigratedDatabase;
import io.returnflow.payment.PaymentProperties;
import io.returnflow.payment.TestPaymentProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The sandbox provider's HTTP face: form in, the provider's JSON out, replays marked. */
class SandboxPaymentControllerTest {

    private static final java.time.Duration PENDING_FOR = java.time.Duration.ofSeconds(5);

    private MockMvc http;

    @BeforeEach
    void setUp() {
        MigratedDatabase db = MigratedDatabase.migrated();
        PaymentProperties properties = TestPaymentProperties.sandbox(2, PENDING_FOR);
        SandboxPaymentProvider provider = new SandboxPaymentProvider(db.jdbc(), db.transactions(), new ObjectMapper(),
                properties, new MutableClock(Instant.parse("2026-11-28T02:00:00Z")));
        http = MockMvcBuilders.standaloneSetup(new SandboxPaymentController(provider)).build();
    }

    @Test
    void refundsAndReplaysOverHttp() throws Exception {
        String id = http.perform(refund("refund:R-1", "ch_123"))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist(SandboxPaymentController.IDEMPOTENT_REPLAYED))
                .andExpect(jsonPath("$.object").value("refund"))
                .andExpect(jsonPath("$.amount").value(8750))
                .andExpect(jsonPath("$.metadata.return_id").value("R-1"))
                .andReturn().getResponse().getContentAsString();

        http.perform(refund("refund:R-1", "ch_123"))
                .andExpect(status().isOk())
                .andExpect(header().string(SandboxPaymentController.IDEMPOTENT_REPLAYED, "true"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content().string(id));

        http.perform(get("/sandbox/payments/v1/refunds").param("charge", "ch_123")
                        .header("Authorization", "Bearer sk_test_sandbox"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.object").value("list"))
                .andExpect(jsonPath("$.data.length()").value(1));
    }

    @Test
    void answersRefusalsAndAuthenticationErrorsInTheProvidersFormat() throws Exception {
        http.perform(refund("refund:R-2", "ch_refund_fails"))
                .andExpect(status().isPaymentRequired())
                .andExpect(jsonPath("$.error.type").value("card_error"))
                .andExpect(jsonPath("$.error.code").value("refund_failed"));

        http.perform(refund("refund:R-3", "ch_123").header("Authorization", "Bearer sk_live_wrong"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error.type").value("invalid_request_error"));
    }

    private static MockHttpServletRequestBuilder refund(String key, String charge) {
        return post("/sandbox/payments/v1/refunds")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .header("Authorization", "Bearer sk_test_sandbox")
                .header("Idempotency-Key", key)
                .param("charge", charge)
                .param("amount", "8750")
                .param("currency", "cny")
                .param("reason", "requested_by_customer")
                .param("metadata[return_id]", key.substring("refund:".length()));
    }

    @Test
    void looksUpOneRefundAndAnswers404ForAnUnknownOne() throws Exception {
        String body = http.perform(refund("refund:R-9", "ch_refund_pending"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("pending"))
                .andReturn().getResponse().getContentAsString();
        String id = new ObjectMapper().readTree(body).get("id").asText();

        http.perform(get("/sandbox/payments/v1/refunds/" + id).header("Authorization", "Bearer sk_test_sandbox"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.status").value("pending"))
                .andExpect(jsonPath("$.metadata.return_id").value("R-9"));
        http.perform(get("/sandbox/payments/v1/refunds/re_missing").header("Authorization", "Bearer sk_test_sandbox"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error.code").value("resource_missing"));
        http.perform(get("/sandbox/payments/v1/refunds/" + id))
                .andExpect(status().isUnauthorized());
    }
}
