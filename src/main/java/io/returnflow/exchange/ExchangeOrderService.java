package io.returnflow.exchange;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.returnflow.platform.ApiProblem;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnRepository;
import io.returnflow.returns.ReturnSettlements;
import io.returnflow.returns.ReturnTimeline;

/**
 * A return's exchange order from placing to the shop's answer, however the answer arrives: in the placing call,
 * through the outcome API (the shop's own call), or when the journey asks the shop. Each answer is recorded once;
 * the first answer stands.
 */
@Service
public class ExchangeOrderService {

    /** The journey's message for a confirmed order. */
    public static final String MSG_CONFIRMED = "ExchangeOrderConfirmed";
    /** The journey's message for an order out of stock or refused. */
    public static final String MSG_REFUSED = "ExchangeOrderRefused";

    static final String TIMELINE_REQUESTED = "EXCHANGE_REQUESTED";
    static final String TIMELINE_CONFIRMED = "EXCHANGE_CONFIRMED";
    static final String TIMELINE_REFUSED = "EXCHANGE_REFUSED";
    static final String ID_PREFIX = "EX-";

    private static final Logger log = LoggerFactory.getLogger(ExchangeOrderService.class);

    private final ExchangeOrders orders;
    private final CommerceGateway shop;
    private final ReturnSettlements settlements;
    private final ReturnRepository returns;
    private final ReturnTimeline timeline;
    private final ReturnJourney journey;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    ExchangeOrderService(ExchangeOrders orders, CommerceGateway shop, ReturnSettlements settlements,
                         ReturnRepository returns, ReturnTimeline timeline, ReturnJourney journey,
                         PlatformTransactionManager transactions, Clock clock) {
        this.orders = orders;
        this.shop = shop;
        this.settlements = settlements;
        this.returns = returns;
        this.timeline = timeline;
        this.journey = journey;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** Our id of a return's exchange order: the shop's idempotency key for every try. */
    static String idOf(String returnId) {
        return ID_PREFIX + returnId;
    }

    /**
     * Places the return's exchange order unless it was placed already (an instant exchange, an earlier try that got
     * the shop's answer). The order's row is committed before the shop is called, so that the shop's outcome call
     * finds it however fast it comes; the answer is recorded in the caller's transaction.
     *
     * @throws CommerceUnavailableException      retry: the same id goes to the shop again
     * @throws ShopAnswerNotUnderstoodException the shop's answer is outside the protocol; nothing is recorded
     */
    public ExchangeOrder place(String returnId, boolean instant) {
        ExchangeOrder order = Objects.requireNonNull(ownTransaction.execute(status -> open(returnId, instant)));
        if (order.status() != ExchangeStatus.PLACING) {
            return order;
        }
        ShopAnswer answer = shop.place(order.request());
        return record(order.id(), answer, "shop");
    }

    private ExchangeOrder open(String returnId, boolean instant) {
        String id = idOf(returnId);
        var existing = orders.find(id);
        if (existing.isPresent()) {
            return existing.get();
        }
        List<ReturnSettlements.ExchangeLine> lines = settlements.exchangeLines(returnId);
        if (lines.isEmpty()) {
            throw new IllegalStateException("Return " + returnId + " exchanges no line: there is nothing to order");
        }
        CustomerReturn r = returns.get(returnId);
        OffsetDateTime now = OffsetDateTime.now(clock);
        ExchangeOrder order = new ExchangeOrder(id, returnId, r.orderId(), r.customer().id(), ExchangeStatus.PLACING,
                instant, null, null, now, null, lines.stream()
                .map(l -> new ExchangeOrder.Line(l.lineId(), l.replacementSku(), l.replacementName(), l.quantity(),
                        l.replacementUnitPrice()))
                .toList());
        orders.insert(order);
        timeline.recordOnce(returnId, now, TIMELINE_REQUESTED, describe(order), "system", "exchange-requested");
        log.info("Return {}: exchange order {} opened ({} lines, instant {})", returnId, id, lines.size(), instant);
        return order;
    }

    /**
     * Where the return's exchange order stands, its row locked until the caller's transaction ends (the journey's
     * look-up, just before it waits: an answer recorded meanwhile is either seen here or finds the journey waiting).
     */
    @Transactional
    public ExchangeOrder lookUp(String returnId) {
        return orders.lock(idOf(returnId)).orElseThrow(() -> new IllegalStateException("Return " + returnId
                + " has no exchange order to look up"));
    }

    /**
     * Asks the shop where a pending order stands and records an answer it gives.
     *
     * @throws CommerceUnavailableException      retry later
     * @throws ShopAnswerNotUnderstoodException the shop's answer is outside the protocol; nothing is recorded
     */
    public ExchangeOrder ask(String returnId) {
        // read without the row lock: the outcome API must not wait for the shop's answer to our question
        ExchangeOrder order = orders.find(idOf(returnId)).orElseThrow(() -> new IllegalStateException("Return "
                + returnId + " has no exchange order to ask about"));
        if (order.status().answered()) {
            return order;
        }
        var answer = shop.lookup(order.id());
        if (answer.isEmpty()) {
            log.warn("Return {}: the shop does not know exchange order {} ({})", returnId, order.id(), order.status());
            return order;
        }
        return record(order.id(), answer.get(), "shop");
    }

    /**
     * The shop's answer through the outcome API: recorded, then the journey is told if it waits for it.
     *
     * @throws ApiProblem 404 unknown order, 409 a second answer that contradicts the first
     * @return the order and whether this call changed it (false: the same answer again)
     */
    @Transactional
    public Recorded recordOutcome(String id, ShopAnswer answer, String actor) {
        ExchangeOrder order = orders.lock(id).orElseThrow(() -> ApiProblem.notFound("No exchange order " + id));
        if (order.status().answered()) {
            if (sameAnswer(order, answer)) {
                return new Recorded(order, false);
            }
            throw ApiProblem.conflict("exchange-answered", "Exchange order " + id + " was answered "
                    + order.status() + (order.shopOrderId() == null ? "" : " (" + order.shopOrderId() + ")")
                    + " already; a different answer is not taken");
        }
        ExchangeOrder recorded = apply(order, answer, actor);
        journey.tellIfWaiting(order.returnId(),
                recorded.status() == ExchangeStatus.CONFIRMED ? MSG_CONFIRMED : MSG_REFUSED);
        return new Recorded(recorded, true);
    }

    /** Records an answer the shop gave to our call; a later answer never overwrites an earlier decided one. */
    @Transactional
    ExchangeOrder record(String id, ShopAnswer answer, String actor) {
        ExchangeOrder order = orders.lock(id).orElseThrow();
        if (order.status().answered()) {
            if (answer.outcome().answered() && !sameAnswer(order, answer)) {
                log.warn("Return {}: the shop now answers exchange order {} {} but answered {} before; the first "
                        + "answer stands", order.returnId(), id, answer.outcome(), order.status());
            }
            return order;
        }
        return apply(order, answer, actor);
    }

    private ExchangeOrder apply(ExchangeOrder order, ShopAnswer answer, String actor) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        ExchangeStatus status = ExchangeStatus.of(answer.outcome());
        if (status == ExchangeStatus.PENDING) {
            orders.update(order.id(), status, answer.shopOrderId(), null, null, now);
        } else {
            orders.update(order.id(), status, answer.shopOrderId(), answer.describe(), now, now);
            if (status == ExchangeStatus.CONFIRMED) {
                timeline.recordOnce(order.returnId(), now, TIMELINE_CONFIRMED, "shop order "
                        + answer.shopOrderId(), actor, "exchange-answered");
            } else {
                timeline.recordOnce(order.returnId(), now, TIMELINE_REFUSED, answer.describe(), actor,
                        "exchange-answered");
            }
        }
        log.info("Return {}: exchange order {} {}", order.returnId(), order.id(), status);
        return orders.find(order.id()).orElseThrow();
    }

    private static boolean sameAnswer(ExchangeOrder order, ShopAnswer answer) {
        if (order.status() != ExchangeStatus.of(answer.outcome())) {
            return false;
        }
        return answer.shopOrderId() == null || order.shopOrderId() == null
                || answer.shopOrderId().equals(order.shopOrderId());
    }

    private static String describe(ExchangeOrder order) {
        StringBuilder text = new StringBuilder(order.instant() ? "instant exchange " : "exchange ").append(order.id());
        for (ExchangeOrder.Line line : order.lines()) {
            text.append(", ").append(line.lineId()).append(" → ").append(line.quantity()).append(" × ")
                    .append(line.sku());
        }
        return text.toString();
    }

    /** An order after an outcome call, and whether the call changed it. */
    public record Recorded(ExchangeOrder order, boolean changed) {
    }
}
