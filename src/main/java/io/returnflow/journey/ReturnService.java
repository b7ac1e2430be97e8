package io.returnflow.journey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.returnflow.dropoff.Stores;
import io.returnflow.pickup.PickupWindows;
import io.returnflow.platform.ApiProblem.FieldError;
import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.Money;
import io.returnflow.platform.RandomIds;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.FreightPayerPolicy;
import io.returnflow.returns.IdempotencyKeys;
import io.returnflow.returns.LineResolution;
import io.returnflow.returns.OrderGuards;
import io.returnflow.returns.RefundTiming;
import io.returnflow.returns.Resolution;
import io.returnflow.returns.ReturnItem;
import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnMethod;
import io.returnflow.returns.ReturnRepository;
import io.returnflow.returns.ReturnRequest;
import io.returnflow.returns.ReturnRequested;
import io.returnflow.returns.ReturnStatus;
import io.returnflow.returns.ReturnTimeline;

/**
 * What the API does with returns: accept a request (idempotently), cancel, read. A new return is
 * written and its journey started in one transaction: either both exist or neither.
 */
@Service
public class ReturnService {

    private static final Logger log = LoggerFactory.getLogger(ReturnService.class);
    private static final int ID_LENGTH = 8;
    /** Sanity bounds on dates a storefront sends: anything outside is a client error, not a policy question. */
    private static final java.time.Duration OLDEST_ORDER = java.time.Duration.ofDays(5 * 365);
    private static final java.time.Duration FURTHEST_WINDOW = java.time.Duration.ofDays(366);

    private final ReturnRepository returns;
    private final ReturnTimeline timeline;
    private final IdempotencyKeys idempotencyKeys;
    private final ReturnJourney journey;
    private final ReturnPricing pricing;
    private final RefundTimingPolicy refundTiming;
    private final FreightPayerPolicy freightPayers;
    private final FreightPayerPricing freightPayer;
    private final PickupWindows pickupWindows;
    private final Stores stores;
    private final ReturnViews views;
    private final ReturnResolutions resolutions;
    private final OrderGuards orderGuards;
    private final ObjectMapper json;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public ReturnService(ReturnRepository returns, ReturnTimeline timeline, IdempotencyKeys idempotencyKeys,
                         ReturnJourney journey, ReturnPricing pricing, RefundTimingPolicy refundTiming,
                         FreightPayerPolicy freightPayers, FreightPayerPricing freightPayer,
                         PickupWindows pickupWindows, Stores stores,
                         ReturnViews views, ReturnResolutions resolutions,
                         OrderGuards orderGuards, ObjectMapper json, ApplicationEventPublisher events, Clock clock) {
        this.returns = returns;
        this.timeline = timeline;
        this.idempotencyKeys = idempotencyKeys;
        this.journey = journey;
        this.pricing = pricing;
        this.refundTiming = refundTiming;
        this.freightPayers = freightPayers;
        this.freightPayer = freightPayer;
        this.pickupWindows = pickupWindows;
        this.stores = stores;
        this.views = views;
        this.resolutions = resolutions;
        this.orderGuards = orderGuards;
        this.json = json;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Accepts a return request. A request that policy refuses is still recorded, as
     * {@code REJECTED}, and answered 422.
     *
     * @param idempotencyKey optional; the same key and body answer the first result again
     */
    @Transactional
    public Outcome create(ReturnRequest request, String idempotencyKey, String principal) {
        String requestHash = idempotencyKey == null ? null : hash(request);
        if (idempotencyKey != null) {
            Optional<Outcome> replay = replay(principal, idempotencyKey, requestHash);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        validate(request);
        Map<String, LineResolution> lines = new LinkedHashMap<>();
        resolutions.resolve(request).forEach(line -> lines.put(line.lineId(), line));
        // the order's payment is the one its first return stated: every return of the order is capped by one figure
        OrderGuards.OrderPayment stated = OrderGuards.OrderPayment.of(request.payment());
        OrderGuards.OrderPayment paid = orderGuards.lock(request.orderId(), stated);
        paid.requireSame(stated, request.orderId());
        List<String> lineIds = request.items().stream().map(ReturnRequest.Item::lineId).toList();
        Map<String, String> claimed = returns.claimedLines(request.orderId(), lineIds);
        if (!claimed.isEmpty()) {
            var first = claimed.entrySet().iterator().next();
            throw ApiProblem.conflict("open-return", "Order line " + first.getKey() + " of order "
                    + request.orderId() + " already has an open return " + first.getValue() + ".");
        }

        String id = newId();
        if (idempotencyKey != null) {
            idempotencyKeys.claim(principal, idempotencyKey, requestHash, id, HttpStatus.CREATED.value());
        }
        // provisional payer and timing: the journey's "Decide who pays the freight" and "Decide refund timing"
        // record the tables' answers, and the parts that follow, in this transaction
        CustomerReturn.Freight freight = pricing.freight(request, request.payment().currency(),
                CustomerReturn.FreightPayer.MERCHANT);
        ReturnPricing.Settlement settlement = pricing.settlement(items(request), lines, freight,
                paid.amountPaid(), returns.plannedRefundsOfOrder(request.orderId(), id),
                RefundTiming.AFTER_INSPECTION);
        CustomerReturn r = toReturn(id, request, freight, settlement.refund());
        returns.insert(r, lines);
        if (settlement.credit().signum() != 0 || settlement.creditBonus().signum() != 0) {
            returns.updateSettlement(id, settlement.refund(), settlement.credit(), settlement.creditBonus(),
                    r.createdAt());
        }
        if (request.instantExchangeRequested()) {
            returns.setInstantExchangeRequested(id, true);
        }
        try {
            returns.claimOrderLines(request.orderId(), lineIds, id);
        } catch (DuplicateKeyException e) {
            throw ApiProblem.conflict("open-return", "An order line of order " + request.orderId()
                    + " got an open return at the same moment; look it up before retrying.");
        }
        timeline.record(id, "REQUESTED", "Return requested: " + r.items().size() + " line(s), " + r.method(),
                principal);
        ReturnJourney.Started started = journey.start(id, r.method(), request.instantExchangeRequested());
        returns.setProcessInstanceId(id, started.processInstanceId());
        log.info("Return {} created for order {} ({}, eligible={})", id, r.orderId(), r.method(), started.eligible());
        events.publishEvent(new ReturnRequested(id, r.method(), r.dropOffStoreId(), started.eligible()));
        if (!started.eligible()) {
            // no journey decided the freight and timing of a refund that will not come; the tables say
            // what they would be
            returns.updateRefundDue(id, RefundTimingPolicy.forExchanges(refundTiming.decide(r.reason(),
                    r.customer().tier(), r.refundPlan().itemsTotal(), r.method()), exchanges(lines)),
                    OffsetDateTime.now(clock));
            freightPayer.record(id, freightPayers.decide(r.reason(), r.customer().tier(),
                    r.refundPlan().itemsTotal()));
            if (idempotencyKey != null) {
                idempotencyKeys.settle(principal, idempotencyKey, HttpStatus.UNPROCESSABLE_ENTITY.value());
            }
            return new Outcome(requestedView(id), Outcome.Kind.REJECTED);
        }
        return new Outcome(requestedView(id), Outcome.Kind.CREATED);
    }

    /** The answer to a create: the return as its journey left it. */
    private ReturnView requestedView(String returnId) {
        return views.of(returnId);
    }

    /** Answers an earlier request with the same key again (in its own transaction). */
    @Transactional(readOnly = true)
    public Optional<Outcome> replay(String principal, String idempotencyKey, String requestHash) {
        return idempotencyKeys.find(principal, idempotencyKey).map(entry -> {
            if (!entry.requestHash().equals(requestHash)) {
                throw ApiProblem.unprocessable("idempotency-key-reused", "Idempotency-Key reused",
                        "This Idempotency-Key was used for a different request body.");
            }
            boolean rejected = entry.responseStatus() == HttpStatus.UNPROCESSABLE_ENTITY.value();
            return new Outcome(views.of(entry.returnId()), rejected ? Outcome.Kind.REJECTED : Outcome.Kind.REPLAYED);
        });
    }

    /**
     * Cancels a return whose parcel has not left the buyer. The journey decides: it takes the
     * cancellation only while it still waits for the courier or the store.
     */
    @Transactional
    public ReturnView cancel(String returnId, String reason, String principal) {
        CustomerReturn r = returns.find(returnId).orElseThrow(() -> ApiProblem.notFound("No return " + returnId));
        if (r.status().isClosed()) {
            throw ApiProblem.conflict("return-closed", "Return " + returnId + " is already " + r.status() + ".");
        }
        if (r.status().isParcelOnItsWay()) {
            throw ApiProblem.conflict("parcel-on-its-way", "Return " + returnId + " is " + r.status()
                    + ": the parcel was collected or checked in and can no longer be cancelled.");
        }
        if (journey.isStepRunning(returnId)) {
            throw ApiProblem.conflict("booking-in-progress", "The courier for return " + returnId
                    + " is being booked right now; repeat the cancellation in a few seconds.");
        }
        timeline.record(returnId, "CANCELLATION_REQUESTED", reason == null ? "Cancellation requested" : reason,
                principal);
        if (!journey.tellIfWaiting(returnId, ReturnJourney.MSG_CANCELLATION_REQUESTED)) {
            throw ApiProblem.conflict("not-cancellable", "Return " + returnId
                    + " can no longer be cancelled: the parcel is on its way.");
        }
        return views.of(returnId);
    }

    /** Checks what annotations cannot: the method's details, the window, the store, the dates. */
    public void validate(ReturnRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> lines = new HashSet<>();
        for (int i = 0; i < request.items().size(); i++) {
            if (!lines.add(request.items().get(i).lineId())) {
                errors.add(new FieldError("items[" + i + "].lineId", "appears twice in this return"));
            }
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime oldest = now.minus(OLDEST_ORDER);
        if (request.deliveredAt().isAfter(now)) {
            errors.add(new FieldError("deliveredAt", "is in the future"));
        } else if (request.deliveredAt().isBefore(oldest)) {
            errors.add(new FieldError("deliveredAt", "is more than " + OLDEST_ORDER.toDays() / 365 + " years ago"));
        }
        if (request.orderedAt() != null && (request.orderedAt().isAfter(request.deliveredAt())
                || request.orderedAt().isBefore(oldest))) {
            errors.add(new FieldError("orderedAt", "must be before deliveredAt and within "
                    + OLDEST_ORDER.toDays() / 365 + " years"));
        }
        String currency = request.payment().currency();
        if (!currency.equals(pricing.currency())) {
            errors.add(new FieldError("payment.currency", "must be " + pricing.currency()
                    + ", the currency this store refunds in"));
        }
        errors.addAll(notInMinorUnits(request, pricing.currency()));
        if (request.method() == ReturnMethod.HOME_PICKUP) {
            if (request.pickup() == null) {
                errors.add(new FieldError("pickup", "is required for HOME_PICKUP"));
            } else {
                var window = request.pickup().window();
                if (window.start().isBefore(now) || window.start().isAfter(now.plus(FURTHEST_WINDOW))) {
                    errors.add(new FieldError("pickup.window.start", "must be a bookable window in the coming days;"
                            + " ask GET /api/pickup-windows"));
                } else if (!window.end().isAfter(window.start())) {
                    errors.add(new FieldError("pickup.window.end", "must be after pickup.window.start"));
                } else {
                    pickupWindows.whyNotBookable(pickupWindows.defaultCarrier(),
                                    request.pickup().address().city(), window.start(), window.end())
                            .ifPresent(why -> errors.add(new FieldError("pickup.window.start", why)));
                }
            }
        }
        if (request.method() == ReturnMethod.STORE_DROPOFF) {
            if (request.dropOff() == null) {
                errors.add(new FieldError("dropOff", "is required for STORE_DROPOFF"));
            } else if (stores.find(request.dropOff().storeId()).isEmpty()) {
                errors.add(new FieldError("dropOff.storeId", "is not a drop-off store"));
            }
        }
        errors.addAll(ReturnResolutions.invalidFields(request));
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
    }

    /**
     * The money fields that are not a whole number of the currency's minor units (99.50 in JPY, 0.005 in CNY): what
     * no payment or credit could move, so refused at request, not in a job later. Checked in the store's currency
     * (the only one a request may state), which is a valid ISO 4217 code.
     */
    public static List<FieldError> notInMinorUnits(ReturnRequest request, String currency) {
        List<FieldError> errors = new ArrayList<>();
        String message = "must be a whole number of " + currency + "'s minor units (at most "
                + Money.minorDigits(currency) + " decimals)";
        if (!Money.inWholeMinorUnits(request.payment().amountPaid(), currency)) {
            errors.add(new FieldError("payment.amountPaid", message));
        }
        for (int i = 0; i < request.items().size(); i++) {
            ReturnRequest.Item item = request.items().get(i);
            if (!Money.inWholeMinorUnits(item.unitPrice(), currency)) {
                errors.add(new FieldError("items[" + i + "].unitPrice", message));
            }
            if (item.exchangeFor() != null && item.exchangeFor().unitPrice() != null
                    && !Money.inWholeMinorUnits(item.exchangeFor().unitPrice(), currency)) {
                errors.add(new FieldError("items[" + i + "].exchangeFor.unitPrice", message));
            }
        }
        return errors;
    }

    static boolean exchanges(Map<String, LineResolution> lines) {
        return lines.values().stream().anyMatch(line -> line.resolution() == Resolution.EXCHANGE);
    }

    private static List<ReturnItem> items(ReturnRequest q) {
        return q.items().stream()
                .map(i -> new ReturnItem(i.lineId(), i.sku(), i.name(), i.category(), i.quantity(), i.unitPrice()))
                .toList();
    }

    private CustomerReturn toReturn(String id, ReturnRequest q, CustomerReturn.Freight freight,
                                    CustomerReturn.RefundPlan plan) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<ReturnItem> items = items(q);
        String currency = q.payment().currency();
        var c = q.customer();
        var pickup = q.pickup();
        return new CustomerReturn(id, q.orderId(), ReturnStatus.REQUESTED, false, q.method(), q.reason(),
                new CustomerReturn.Customer(c.id(), c.name(), c.phone(), c.email(),
                        c.tier() == null ? "STANDARD" : c.tier(), c.language()),
                q.orderedAt(), q.deliveredAt(),
                new CustomerReturn.Payment(q.payment().provider(), q.payment().chargeId(), currency,
                        q.payment().amountPaid()),
                q.method() == ReturnMethod.HOME_PICKUP ? new CustomerReturn.PickupAddress(pickup.address().province(),
                        pickup.address().city(), pickup.address().district(), pickup.address().line(),
                        pickup.address().postCode()) : null,
                q.method() == ReturnMethod.HOME_PICKUP ? pickup.window().start() : null,
                q.method() == ReturnMethod.HOME_PICKUP ? pickup.window().end() : null,
                q.method() == ReturnMethod.STORE_DROPOFF ? q.dropOff().storeId() : null,
                freight, plan, List.of(), null, now, now, items);
    }

    private static String newId() {
        return RandomIds.readable("R-", ID_LENGTH);
    }

    /** The request's fingerprint: equal requests, equal hashes (idempotency). */
    public String hash(ReturnRequest request) {
        try {
            byte[] canonical = json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot hash a return request", e);
        }
    }

    /** What became of a create request. */
    public record Outcome(ReturnView view, Kind kind) {
        public enum Kind { CREATED, REPLAYED, REJECTED }
    }
}
