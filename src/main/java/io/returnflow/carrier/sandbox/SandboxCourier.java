package io.returnflow.carrier.sandbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.returnflow.carrier.kdniao.KdniaoEnvelope;
import io.returnflow.carrier.kdniao.KdniaoJson;
import io.returnflow.carrier.kdniao.KdniaoProperties;
import io.returnflow.carrier.kdniao.KdniaoPush;
import io.returnflow.carrier.kdniao.KdniaoStateMapping;
import io.returnflow.carrier.kdniao.KdniaoTime;
import io.returnflow.platform.EndpointResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The sandbox carrier's courier. On each tick it moves the due orders on, and tells the application, over
 * HTTP, with signed Kdniao pushes, what Kdniao would tell it:
 * <ol>
 *   <li>{@code collect-after} after booking: assigns a waybill ({@code SB…}) and pushes a 103 pickup
 *       status "collected" that carries it (always: pickup status is pushed for every pickup order);</li>
 *   <li>{@code sign-after} after that: the warehouse signs for the parcel;</li>
 *   <li>tracking (101 snapshots, the whole history each time) is pushed only for waybills that were
 *       subscribed to with 1008, as Kdniao does: a snapshot whenever the order's state differs from the
 *       one last pushed, so a waybill subscribed to late gets its current snapshot first.</li>
 * </ol>
 * An order only moves on, and a snapshot only counts as pushed, once the push was acknowledged: a push
 * that fails (webhook down) is sent again on the next tick, identical, and the receiving inbox ignores what
 * it already has.
 *
 * <p>The sandbox carrier is one courier however many nodes run it: a node's tick takes the courier's turn
 * ({@code sandbox_courier_turn}, a lease of {@code turn-lease}) and the other nodes' ticks skip while it is on, so
 * an order is never moved on, nor a snapshot pushed, by two nodes at once (which would push duplicates, or an
 * older snapshot after a newer one). A node that stops mid-tick holds the courier until its lease runs out. A tick
 * renews its turn before each order, and ends when it finds the turn gone (a push slower than the lease: another
 * node took over meanwhile), so however long a tick's pushes take, it never goes on beside another node's tick.
 * {@link #step} does not take the turn: it is for a test or an operator driving one order.
 *
 * <p>Tests drive the courier instead of waiting for it ({@link #step}): the test profile puts
 * {@code collect-after} and {@code sign-after} beyond any test, so an order moves on only when stepped.
 */
@Component
@ConditionalOnProperty(name = "returnflow.carrier.sandbox.enabled", havingValue = "true")
public class SandboxCourier {

    private static final Logger log = LoggerFactory.getLogger(SandboxCourier.class);
    private static final int ORDERS_PER_TICK = 50;
    private static final int WAYBILL_DIGITS = 10;
    private static final MediaType FORM_UTF8 =
            new MediaType(MediaType.APPLICATION_FORM_URLENCODED, StandardCharsets.UTF_8);

    private final SandboxCarrierOrders orders;
    private final KdniaoProperties kdniao;
    private final CarrierSandboxProperties sandbox;
    private final EndpointResolver endpoints;
    private final RestClient http;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Who holds the courier's turn while this node ticks: this instance, unlike any other node's. */
    private final String turnHolder = UUID.randomUUID().toString();

    public SandboxCourier(SandboxCarrierOrders orders, KdniaoProperties kdniao, CarrierSandboxProperties sandbox,
                          EndpointResolver endpoints, RestClient.Builder http, Clock clock) {
        this.orders = orders;
        this.kdniao = kdniao;
        this.sandbox = sandbox;
        this.endpoints = endpoints;
        this.http = http.build();
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${returnflow.carrier.sandbox.tick:1s}")
    public void tick() {
        try {
            OffsetDateTime now = OffsetDateTime.now(clock);
            if (!orders.takeCourierTurn(turnHolder, now, now.plus(sandbox.turnLease()))) {
                return;    // another node's courier is on its round
            }
            try {
                if (advanceDue(this::keepTurn)) {
                    pushTracking(this::keepTurn);
                }
            } finally {
                orders.endCourierTurn(turnHolder);
            }
        } catch (RuntimeException e) {
            log.warn("Sandbox courier tick failed: {}", e.toString());
        }
    }

    /**
     * Moves every due order one step on.
     *
     * @return how many orders moved on (orders whose pushes failed stay where they are)
     */
    public int advanceDue() {
        int[] moved = {0};
        advanceDue(() -> true, moved);
        return moved[0];
    }

    /** Moves due orders on while {@code turn} says the courier is still this node's; whether it still was. */
    private boolean advanceDue(BooleanSupplier turn) {
        return advanceDue(turn, new int[1]);
    }

    private boolean advanceDue(BooleanSupplier turn, int[] moved) {
        for (SandboxOrder order : orders.due(OffsetDateTime.now(clock), ORDERS_PER_TICK)) {
            if (!turn.getAsBoolean()) {
                log.warn("Sandbox courier: this node's turn ran out mid-tick and another node's courier took over;"
                        + " this tick ends");
                return false;
            }
            if (order.returnId() != null) {
                MDC.put("returnId", order.returnId());
            }
            try {
                if (advance(order)) {
                    moved[0]++;
                }
            } catch (RestClientException | PushRefusedException e) {
                log.info("Sandbox courier could not push for {}, trying again next tick: {}", order.orderCode(),
                        e.getMessage());
            } finally {
                MDC.remove("returnId");
            }
        }
        return true;
    }

    /**
     * The courier does now what it would do next with the order, instead of at its scheduled time: collects
     * it (or, for {@code sandbox:carrier-cancels}, cancels it), or has it signed for; then pushes the tracking
     * that changed, as a tick does. An order nothing more happens to (never collected, lost, signed for,
     * cancelled) stays as it is. A push that fails leaves the order where it was, and fails the step.
     *
     * @return the order's state afterwards
     * @throws IllegalArgumentException when the sandbox has no order of that code
     */
    public SandboxOrder.State step(String orderCode) {
        SandboxOrder order = orders.find(orderCode)
                .orElseThrow(() -> new IllegalArgumentException("The sandbox carrier has no order " + orderCode));
        if (order.movesOn()) {
            if (order.returnId() != null) {
                MDC.put("returnId", order.returnId());
            }
            try {
                advance(order.dueAt(OffsetDateTime.now(clock)));
            } finally {
                MDC.remove("returnId");
            }
        }
        pushTracking();
        return orders.find(orderCode).orElseThrow().state();
    }

    /**
     * Pushes the current tracking snapshot of every subscribed waybill whose state changed since its last
     * pushed snapshot.
     *
     * @return how many snapshots were pushed and acknowledged
     */
    public int pushTracking() {
        return pushTracking(() -> true);
    }

    private int pushTracking(BooleanSupplier turn) {
        int pushed = 0;
        for (SandboxOrder order : orders.trackingToPush(ORDERS_PER_TICK)) {
            if (!turn.getAsBoolean()) {
                log.warn("Sandbox courier: this node's turn ran out mid-tick and another node's courier took over;"
                        + " this tick ends");
                break;
            }
            if (order.returnId() != null) {
                MDC.put("returnId", order.returnId());
            }
            try {
                push(KdniaoStateMapping.TRACKING_PUSH, SandboxTraces.current(order));
                orders.trackingPushed(order.logisticCode(), order.state());
                log.info("Sandbox carrier pushed the tracking of waybill {} ({})", order.logisticCode(),
                        order.state());
                pushed++;
            } catch (RestClientException | PushRefusedException e) {
                log.info("Sandbox courier could not push the tracking of {}, trying again next tick: {}",
                        order.logisticCode(), e.getMessage());
            } finally {
                MDC.remove("returnId");
            }
        }
        return pushed;
    }

    /** Renews this node's turn for another lease, unless another node took it over since it ran out. */
    private boolean keepTurn() {
        return orders.renewCourierTurn(turnHolder, OffsetDateTime.now(clock).plus(sandbox.turnLease()));
    }

    private boolean advance(SandboxOrder order) {
        return switch (order.state()) {
            case BOOKED -> collect(order);
            case COLLECTED -> sign(order);
            default -> false;
        };
    }

    private boolean collect(SandboxOrder order) {
        // the event happens at its scheduled time, which keeps a retried push identical
        OffsetDateTime collectedAt = order.nextEventAt();
        if (order.scenario() == SandboxScenario.CARRIER_CANCELS) {
            push(KdniaoStateMapping.PICKUP_PUSH, SandboxTraces.cancelledByCarrier(order, collectedAt));
            boolean cancelled = orders.cancel(order.orderCode(), collectedAt);
            if (cancelled) {
                log.info("Sandbox carrier cancelled {} instead of collecting it", order.orderCode());
            }
            return cancelled;
        }
        String waybill = order.logisticCode() != null ? order.logisticCode()
                : orders.assignWaybill(order.orderCode(), newWaybill());
        push(KdniaoStateMapping.PICKUP_PUSH, SandboxTraces.pickupCollected(order, waybill, collectedAt));
        if (order.scenario() == SandboxScenario.WAYBILL_CHANGE) {
            String replacement = SandboxTraces.replacementWaybill(waybill);
            push(KdniaoStateMapping.PICKUP_PUSH, SandboxTraces.waybillChanged(order, replacement,
                    collectedAt.plusSeconds(1)));
            orders.replaceWaybill(order.orderCode(), waybill, replacement);
            log.info("Sandbox carrier moved {} from waybill {} to {}", order.orderCode(), waybill, replacement);
            waybill = replacement;
        }
        OffsetDateTime signAt = order.scenario() == SandboxScenario.LOST ? null : collectedAt.plus(sandbox.signAfter());
        boolean moved = orders.collected(order.orderCode(), collectedAt, signAt);
        if (moved) {
            log.info("Sandbox courier collected {} (waybill {})", order.orderCode(), waybill);
        }
        return moved;
    }

    private boolean sign(SandboxOrder order) {
        // whoever subscribed to the waybill hears of it from pushTracking
        boolean moved = orders.signed(order.orderCode(), order.nextEventAt());
        if (moved) {
            log.info("Sandbox carrier delivered {} (waybill {}), signed for", order.orderCode(), order.logisticCode());
        }
        return moved;
    }

    private void push(String requestType, KdniaoPush.Entry entry) {
        KdniaoPush push = new KdniaoPush(kdniao.businessId(), KdniaoTime.format(OffsetDateTime.now(clock)), 1,
                List.of(entry));
        KdniaoEnvelope envelope = KdniaoEnvelope.signed(requestType, KdniaoJson.write(push), kdniao.businessId(),
                kdniao.appKey());
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        envelope.toForm().forEach(form::add);
        URI webhook = endpoints.resolve(sandbox.webhookUrl());
        String answer = http.post()
                .uri(webhook)
                // as Kdniao does: the charset named, so the receiver never has to guess
                .contentType(FORM_UTF8)
                .body(form)
                .retrieve()
                .body(String.class);
        if (!acknowledged(answer)) {
            throw new PushRefusedException("the webhook did not acknowledge the " + requestType + " push: " + answer);
        }
    }

    private static boolean acknowledged(String answer) {
        try {
            JsonNode ack = KdniaoJson.tree(answer == null ? "" : answer);
            return ack != null && ack.path("Success").asBoolean(false);
        } catch (Exception unreadable) {
            return false;
        }
    }

    private String newWaybill() {
        StringBuilder waybill = new StringBuilder("SB");
        for (int i = 0; i < WAYBILL_DIGITS; i++) {
            waybill.append(random.nextInt(10));
        }
        return waybill.toString();
    }

    /** The webhook answered, but not with a successful acknowledgement. */
    static class PushRefusedException extends RuntimeException {
        PushRefusedException(String message) {
            super(message);
        }
    }
}
