package io.returnflow.carrier.kdniao;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.returnflow.carrier.inbox.CarrierInbox;
import io.returnflow.carrier.inbox.CarrierInboxConfiguration;
import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.DatabaseOutage;
import io.returnflow.platform.DatabaseOutageProperties;
import io.returnflow.support.MigratedDatabase;
import io.returnflow.support.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.embedded.EmbeddedWebServerFactoryCustomizerAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The push size limit on a real Tomcat, where the difference matters: a body with or without Content-Length
 * (chunked), below, between and above the application's limit and Tomcat's form limit. Above Tomcat's limit
 * Tomcat itself would drop the form's fields and the webhook would answer 401 "invalid signature"; between
 * the two it would store the push. Small limits keep the bodies small.
 */
class KdniaoWebhookSizeOverHttpTest {

    private static final String APP_KEY = "push-app-key";
    private static final int APP_LIMIT = 16 * 1024;
    private static final int TOMCAT_LIMIT = 32 * 1024;

    private static ConfigurableApplicationContext app;
    private static URI webhook;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        app = new SpringApplicationBuilder(Webhook.class)
                .web(WebApplicationType.SERVLET)
                .run("--server.port=0", "--spring.main.banner-mode=off",
                        "--returnflow.carrier.inbox.max-push-size=" + APP_LIMIT + "B",
                        "--server.tomcat.max-http-form-post-size=" + TOMCAT_LIMIT + "B");
        int port = ((ServletWebServerApplicationContext) app).getWebServer().getPort();
        webhook = URI.create("http://localhost:" + port + "/webhooks/carriers/kdniao");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void emptyInbox() {
        app.getBean(MigratedDatabase.class).jdbc().sql("delete from carrier_inbox").update();
    }

    @Test
    void aSignedPushWithinTheLimitIsStoredWithOrWithoutContentLength() throws Exception {
        assertThat(send(signedPushOf(APP_LIMIT - 1024, "RF-R-1-1"), false).statusCode()).isEqualTo(200);
        assertThat(send(signedPushOf(APP_LIMIT - 1024, "RF-R-2-1"), true).statusCode()).isEqualTo(200);

        assertThat(count()).isEqualTo(2);
    }

    @Test
    void aBodyBetweenTheApplicationsAndTomcatsLimitIs413FromTheApplication() throws Exception {
        byte[] body = signedPushOf(APP_LIMIT + 4096, "RF-R-1-1");
        assertThat(body.length).isBetween(APP_LIMIT + 1, TOMCAT_LIMIT);

        assertPayloadTooLarge(send(body, false));
        assertPayloadTooLarge(send(body, true));
        assertThat(count()).isZero();
    }

    @Test
    void aBodyAboveTomcatsLimitIs413NotAnInvalidSignature() throws Exception {
        byte[] body = signedPushOf(TOMCAT_LIMIT + 4096, "RF-R-1-1");

        assertPayloadTooLarge(send(body, false));
        assertPayloadTooLarge(send(body, true));
        assertThat(count()).isZero();
    }

    private static void assertPayloadTooLarge(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = new ObjectMapper().readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo(ApiProblem.TYPE_BASE + "payload-too-large");
        assertThat(problem.path("status").asInt()).isEqualTo(413);
        assertThat(problem.path("detail").asText()).isEqualTo("A carrier push may have at most 16384 bytes.");
    }

    /** A correctly signed push of about {@code size} bytes on the wire (a long trace fills it up). */
    private static byte[] signedPushOf(int size, String orderCode) {
        String filler = "x".repeat(size - 600);
        String requestData = "{\"PushTime\":\"2026-11-27 10:00:00\",\"Data\":[{\"OrderCode\":\"" + orderCode
                + "\",\"State\":\"2\",\"Traces\":[{\"AcceptTime\":\"2026-11-27 09:00:00\",\"AcceptStation\":\""
                + filler + "\"}]}]}";
        return KdniaoWebhookControllerTest.formBody("101", requestData, DataSign.sign(requestData, APP_KEY))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Sends the body with its Content-Length, or chunked (no length known beforehand). */
    private HttpResponse<String> send(byte[] body, boolean chunked) throws IOException, InterruptedException {
        BodyPublisher publisher = chunked
                ? BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : BodyPublishers.ofByteArray(body);
        HttpRequest request = HttpRequest.newBuilder(webhook)
                .header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
                .POST(publisher)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static long count() {
        return app.getBean(MigratedDatabase.class).jdbc().sql("select count(*) from carrier_inbox")
                .query(Long.class).single();
    }

    // a test configuration, so that the application's component scan (in @SpringBootTests) never picks it up
    @TestConfiguration(proxyBeanMethods = false)
    // EmbeddedWebServerFactoryCustomizerAutoConfiguration applies server.tomcat.* to Tomcat
    @ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class,
            EmbeddedWebServerFactoryCustomizerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class})
    @Import({CarrierInboxConfiguration.class, CarrierInbox.class, KdniaoWebhookController.class})
    static class Webhook {

        private final MigratedDatabase db = MigratedDatabase.migrated();

        @Bean
        DatabaseOutage databaseOutage() {
            return new DatabaseOutage(new DatabaseOutageProperties(Duration.ofSeconds(5)));
        }

        @Bean
        MigratedDatabase testDatabase() {
            return db;
        }

        @Bean
        JdbcClient jdbcClient() {
            return db.jdbc();
        }

        @Bean
        KdniaoProperties kdniaoProperties() {
            return new KdniaoProperties("http://unused", "1000001", APP_KEY);
        }

        @Bean
        Clock clock() {
            return new MutableClock(Instant.parse("2026-11-27T02:00:00Z"));
        }
    }
}
