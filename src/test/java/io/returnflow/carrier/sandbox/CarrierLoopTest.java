package io.returnflow.carrier.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import io.returnflow.carrier.PickupBooking;
import io.returnflow.carrier.PickupCancellation;
import io.returnflow.carrier.TrackingState;
import io.returnflow.carrier.TrackingUpdate;
import io.returnflow.carrier.TrackingUpdateHandler;
import io.returnflow.carrier.inbox.CarrierInbox;
import io.returnflow.carrier.inbox.CarrierInboxConfiguration;
import io.returnflow.carrier.inbox.CarrierInboxProcessor;
import io.returnflow.carrier.inbox.InboxStatus;
import io.returnflow.carrier.kdniao.KdniaoCarrierGateway;
import io.returnflow.carrier.kdniao.KdniaoConfiguration;
import io.returnflow.carrier.kdniao.KdniaoInboxEntryReader;
import io.returnflow.carrier.kdniao.KdniaoWebhookController;
import io.returnflow.carrier.support.MutableClock;
import io.returnflow.carrier.support.TestDatabase;
import io.returnflow.platform.EndpointResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.openfeign.FeignAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The whole carrier feature over real HTTP on a real port, without the journey: the adapter books
 * through Feign at the sandbox carrier, whose courier pushes signed webhooks to the webhook, which
 * stores them in the inbox, whose processor hands them to a stand-in for the journey. Timers are
 * driven by hand (their schedules are set to an hour) and the clock is moved, never waited for.
 */
class CarrierLoopTest {

    private static ConfigurableApplicationContext app;
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-27T02:00:00Z"));
    private static final List<TrackingUpdate> JOURNEY = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        app = new SpringApplicationBuilder(Loop.class)
                .web(WebApplicationType.SERVLET)
                .run("--server.port=0", "--spring.main.banner-mode=off",
                        "--returnflow.carrier.sandbox.enabled=true",
                        "--returnflow.carrier.sandbox.collect-after=4s",
                        "--returnflow.carrier.sandbox.sign-after=4s",
                        "--returnflow.carrier.sandbox.tick=1h",
                        "--returnflow.carrier.inbox.poll-interval=1h");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aPickupIsBookedCollectedAndSignedForThroughTheRealProtocol() {
        KdniaoCarrierGateway gateway = app.getBean(KdniaoCarrierGateway.class);
        SandboxCourier courier = app.getBean(SandboxCourier.class);
        CarrierInboxProcessor processor = app.getBean(CarrierInboxProcessor.class);
        CarrierInbox inbox = app.getBean(CarrierInbox.class);

        PickupBooking booking = gateway.bookPickup(io.returnflow.carrier.kdniao.KdniaoCarrierGatewayTestRequests
                .request("RF-R-LOOP1-1", "R-LOOP1", "科技园 1 号"));
        assertThat(booking).isEqualTo(new PickupBooking("RF-R-LOOP1-1", "SF", null));
        // a retried booking job gets the same booking back (Kdniao's 105 "order already exists")
        assertThat(gateway.bookPickup(io.returnflow.carrier.kdniao.KdniaoCarrierGatewayTestRequests
                .request("RF-R-LOOP1-1", "R-LOOP1", "科技园 1 号"))).isEqualTo(booking);

        CLOCK.advance(Duration.ofSeconds(4));
        assertThat(courier.advanceDue()).isEqualTo(1);
        assertThat(processor.drain()).isEqualTo(2);
        assertThat(JOURNEY).extracting(TrackingUpdate::state)
                .containsExactly(TrackingState.COLLECTED, TrackingState.COLLECTED);
        String waybill = JOURNEY.get(0).waybill();
        assertThat(waybill).startsWith("SB");
        assertThat(JOURNEY).allSatisfy(u -> {
            assertThat(u.returnId()).isEqualTo("R-LOOP1");
            assertThat(u.orderCode()).isEqualTo("RF-R-LOOP1-1");
            assertThat(u.waybill()).isEqualTo(waybill);
        });

        // collected: too late to cancel
        assertThat(gateway.cancelPickup("RF-R-LOOP1-1", "SF")).isInstanceOf(PickupCancellation.Refused.class);

        CLOCK.advance(Duration.ofSeconds(4));
        assertThat(courier.advanceDue()).isEqualTo(1);
        assertThat(processor.drain()).isEqualTo(1);
        TrackingUpdate signed = JOURNEY.get(2);
        assertThat(signed.state()).isEqualTo(TrackingState.SIGNED);
        assertThat(signed.at().toInstant()).isEqualTo(Instant.parse("2026-11-27T02:00:08Z"));
        assertThat(inbox.list(InboxStatus.PENDING, 10)).isEmpty();
        assertThat(inbox.list(InboxStatus.PARKED, 10)).isEmpty();
        assertThat(inbox.list(InboxStatus.PROCESSED, 10)).hasSize(3);
    }

    @Test
    void aBookingNobodyCollectsCanBeCancelled() {
        KdniaoCarrierGateway gateway = app.getBean(KdniaoCarrierGateway.class);
        gateway.bookPickup(io.returnflow.carrier.kdniao.KdniaoCarrierGatewayTestRequests
                .request("RF-R-LOOP2-1", "R-LOOP2", "科技园 sandbox:no-show"));

        assertThat(gateway.cancelPickup("RF-R-LOOP2-1", "SF"))
                .isEqualTo(new PickupCancellation.Cancelled("RF-R-LOOP2-1"));
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
            RestClientAutoConfiguration.class, FeignAutoConfiguration.class})
    @Import({KdniaoConfiguration.class, CarrierInboxConfiguration.class, SandboxCarrierConfiguration.class,
            EndpointResolver.class, KdniaoCarrierGateway.class, KdniaoWebhookController.class,
            KdniaoInboxEntryReader.class, CarrierInbox.class, CarrierInboxProcessor.class,
            SandboxCarrierController.class, SandboxCarrierOrders.class, SandboxCourier.class})
    static class Loop {

        private final TestDatabase db = TestDatabase.migrated();

        @Bean
        DataSource dataSource() {
            return db.dataSource();
        }

        @Bean
        JdbcClient jdbcClient() {
            return db.jdbc();
        }

        @Bean
        PlatformTransactionManager transactionManager() {
            return db.transactions();
        }

        @Bean
        Clock clock() {
            return CLOCK;
        }

        @Bean
        TrackingUpdateHandler journey() {
            return update -> {
                JOURNEY.add(update);
                return new TrackingUpdateHandler.Outcome.Applied();
            };
        }
    }
}
