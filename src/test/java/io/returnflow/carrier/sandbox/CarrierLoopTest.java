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
import io.returnflow.carrier.inbox.InboxEntry;
import io.returnflow.carrier.inbox.InboxStatus;
import io.returnflow.carrier.kdniao.KdniaoCarrierGateway;
import io.returnflow.carrier.kdniao.KdniaoConfiguration;
import io.returnflow.carrier.kdniao.KdniaoInboxEntryReader;
import io.returnflow.carrier.kdniao.KdniaoTracking;
import io.returnflow.carrier.kdniao.KdniaoWebhookController;
import io.returnflow.carrier.tracking.SubscriptionStatus;
import io.returnflow.carrier.tracking.TrackingConfiguration;
import io.returnflow.carrier.tracking.TrackingPoller;
import io.returnflow.carrier.tracking.TrackingSubscriber;
import io.returnflow.carrier.tracking.TrackingSubscription;
import io.returnflow.carrier.tracking.TrackingSubscriptions;
import io.returnflow.platform.DatabaseOutage;
import io.returnflow.platform.DatabaseOutageProperties;
import io.returnflow.platform.EndpointResolver;
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
 * stores them in the inbox, whose processor hands them to a stand-in for the journey and requests the
 * tracking of the waybill a push brought; the subscriber subscribes to it (1008), after which the
 * courier pushes its tracking; the poller queries (1002) what stays silent. Timers are driven by hand
 * (their schedules are set to an hour) and the clock is moved, never waited for.
 */
class CarrierLoopTest {

    private static ConfigurableApplicationContext app;
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-27T02:00:00Z"));
    private static final List<TrackingUpdate> JOURNEY = new CopyOnWriteArrayList<>();
    private static final Duration POLL_AFTER = Duration.ofSeconds(10);

    @BeforeAll
    static void start() {
        app = new SpringApplicationBuilder(Loop.class)
                .web(WebApplicationType.SERVLET)
                .run("--server.port=0", "--spring.main.banner-mode=off",
                        "--returnflow.carrier.sandbox.enabled=true",
                        "--returnflow.carrier.sandbox.collect-after=4s",
                        "--returnflow.carrier.sandbox.sign-after=4s",
                        "--returnflow.carrier.sandbox.tick=1h",
                        "--returnflow.carrier.inbox.poll-interval=1h",
                        "--returnflow.carrier.tracking.subscribe-interval=1h",
                        "--returnflow.carrier.tracking.poll-interval=1h",
                        "--returnflow.carrier.tracking.poll-after=" + POLL_AFTER.toSeconds() + "s");
    }

    @BeforeEach
    void forgetEarlierUpdates() {
        JOURNEY.clear();
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

        Instant booked = CLOCK.instant();
        PickupBooking booking = gateway.bookPickup(io.returnflow.carrier.kdniao.KdniaoCarrierGatewayTestRequests
                .request("RF-R-LOOP1-1", "R-LOOP1", "科技园 1 号"));
        assertThat(booking).isEqualTo(new PickupBooking("RF-R-LOOP1-1", "SF", null, booking.carrierOrderRef()));
        assertThat(booking.carrierOrderRef()).as("the sandbox's KDNOrderCode").startsWith("KDNSB");
        // a retried booking job gets the same booking back (Kdniao's 105 "order already exists")
        // (that answer names no KDNOrderCode: the retried booking has none)
        assertThat(gateway.bookPickup(io.returnflow.carrier.kdniao.KdniaoCarrierGatewayTestRequests
                .request("RF-R-LOOP1-1", "R-LOOP1", "科技园 1 号")))
                .isEqualTo(new PickupBooking("RF-R-LOOP1-1", "SF", null));

        CLOCK.advance(Duration.ofSeconds(4));
        assertThat(courier.advanceDue()).isEqualTo(1);
        // collected: the pickup-status push brings the waybill, and with it the tracking subscription
        assertThat(processor.drain()).isEqualTo(1);
        assertThat(JOURNEY).extracting(TrackingUpdate::state).containsExactly(TrackingState.COLLECTED);
        String waybill = JOURNEY.get(0).waybill();
        assertThat(waybill).startsWith("SB");
        TrackingSubscriptions subscriptions = app.getBean(TrackingSubscriptions.class);
        assertThat(subscriptions.find(waybill)).get().satisfies(s -> {
            assertThat(s.status()).isEqualTo(SubscriptionStatus.REQUESTED);
            assertThat(s.carrier()).isEqualTo("SF");
            assertThat(s.orderCode()).isEqualTo("RF-R-LOOP1-1");
            assertThat(s.returnId()).isEqualTo("R-LOOP1");
        });
        // nobody subscribed yet: the carrier pushes no tracking
        assertThat(courier.pushTracking()).isZero();

        assertThat(app.getBean(TrackingSubscriber.class).subscribeDue()).isEqualTo(1);
        assertThat(subscriptions.find(waybill).orElseThrow().status()).isEqualTo(SubscriptionStatus.SUBSCRIBED);
        assertThat(app.getBean(SandboxCarrierOrders.class).isSubscribed(waybill)).isTrue();
        assertThat(courier.pushTracking()).isEqualTo(1);
        assertThat(processor.drain()).isEqualTo(1);
        assertThat(JOURNEY).extracting(TrackingUpdate::state)
                .containsExactly(TrackingState.COLLECTED, TrackingState.COLLECTED);
        assertThat(JOURNEY).allSatisfy(u -> {
            assertThat(u.returnId()).isEqualTo("R-LOOP1");
            assertThat(u.orderCode()).isEqualTo("RF-R-LOOP1-1");
            assertThat(u.waybill()).isEqualTo(waybill);
        });

        // collected: too late to cancel
        assertThat(gateway.cancelPickup("RF-R-LOOP1-1", "SF")).isInstanceOf(PickupCancellation.Refused.class);

        CLOCK.advance(Duration.ofSeconds(4));
        assertThat(courier.advanceDue()).isEqualTo(1);
        assertThat(courier.pushTracking()).isEqualTo(1);
        assertThat(processor.drain()).isEqualTo(1);
        TrackingUpdate signed = JOURNEY.get(2);
        assertThat(signed.state()).isEqualTo(TrackingState.SIGNED);
        assertThat(signed.at().toInstant()).isEqualTo(booked.plusSeconds(8));
        assertThat(entries("RF-R-LOOP1-1", InboxStatus.PENDING)).isEmpty();
        assertThat(entries("RF-R-LOOP1-1", InboxStatus.PARKED)).isEmpty();
        assertThat(entries("RF-R-LOOP1-1", InboxStatus.PROCESSED)).extracting(InboxEntry::requestType)
                .containsExactly("103", "101", "101");
        assertThat(subscriptions.find(waybill).orElseThrow().lastState()).isEqualTo(TrackingState.SIGNED);

        // signed for: never queried again
        CLOCK.advance(POLL_AFTER.multipliedBy(2));
        assertThat(app.getBean(TrackingPoller.class).pollDue()).isZero();
        assertThat(entries("RF-R-LOOP1-1", InboxStatus.PENDING)).isEmpty();
    }

    @Test
    void aSilentSubscribedWaybillIsQueriedAndTheAnswerTakesThePushesPathOnce() {
        KdniaoCarrierGateway gateway = app.getBean(KdniaoCarrierGateway.class);
        SandboxCourier courier = app.getBean(SandboxCourier.class);
        CarrierInboxProcessor processor = app.getBean(CarrierInboxProcessor.class);
        TrackingPoller poller = app.getBean(TrackingPoller.class);
        gateway.bookPickup(io.returnflow.carrier.kdniao.KdniaoCarrierGatewayTestRequests
                .request("RF-R-LOOP3-1", "R-LOOP3", "科技园 sandbox:lost"));
        CLOCK.advance(Duration.ofSeconds(4));
        courier.advanceDue();
        processor.drain();
        app.getBean(TrackingSubscriber.class).subscribeDue();
        String waybill = JOURNEY.get(0).waybill();
        // the tracking push never arrives (courier.pushTracking is not run): the waybill stays silent

        CLOCK.advance(POLL_AFTER.minusSeconds(1));
        assertThat(poller.pollDue()).isZero();
        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(poller.pollDue()).isEqualTo(1);
        assertThat(processor.drain()).isEqualTo(1);
        assertThat(JOURNEY).extracting(TrackingUpdate::state)
                .containsExactly(TrackingState.COLLECTED, TrackingState.COLLECTED);
        TrackingUpdate queried = JOURNEY.get(1);
        assertThat(queried.returnId()).isEqualTo("R-LOOP3");
        assertThat(queried.orderCode()).isEqualTo("RF-R-LOOP3-1");
        assertThat(queried.waybill()).isEqualTo(waybill);

        // still silent, still lost: the same answer again is a duplicate, and the journey hears nothing new
        CLOCK.advance(POLL_AFTER);
        assertThat(poller.pollDue()).isZero();
        assertThat(processor.drain()).isZero();
        assertThat(JOURNEY).hasSize(2);
        assertThat(entries("RF-R-LOOP3-1", InboxStatus.PROCESSED)).extracting(InboxEntry::requestType)
                .containsExactly("103", "1002");
        TrackingSubscription subscription = app.getBean(TrackingSubscriptions.class).find(waybill).orElseThrow();
        assertThat(subscription.polledAt().toInstant()).isEqualTo(CLOCK.instant());
        assertThat(subscription.lastState()).isEqualTo(TrackingState.COLLECTED);

        // the late push, when it finally comes through, changes nothing: a lost parcel is never signed for
        assertThat(app.getBean(SandboxCourier.class).pushTracking()).isEqualTo(1);
        processor.drain();
        assertThat(JOURNEY).extracting(TrackingUpdate::state).containsOnly(TrackingState.COLLECTED);
    }

    private static List<InboxEntry> entries(String orderCode, InboxStatus status) {
        return app.getBean(CarrierInbox.class).list(status, 500).stream()
                .filter(e -> orderCode.equals(e.orderCode()))
                .toList();
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
            SandboxCarrierController.class, SandboxCarrierOrders.class, SandboxCourier.class,
            TrackingConfiguration.class, TrackingSubscriptions.class, TrackingSubscriber.class, TrackingPoller.class,
            KdniaoTracking.class})
    static class Loop {

        private final MigratedDatabase db = MigratedDatabase.migrated();

        @Bean
        DatabaseOutage databaseOutage() {
            return new DatabaseOutage(new DatabaseOutageProperties(Duration.ofSeconds(5)));
        }

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
