package io.returnflow.selfservice;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.returnflow.dropoff.DropOffCodes;
import io.returnflow.dropoff.Stores;
import io.returnflow.journey.ReturnQuotes;
import io.returnflow.journey.ReturnResolutions;
import io.returnflow.journey.ReturnService;
import io.returnflow.journey.ReturnView;
import io.returnflow.journey.ReturnViews;
import io.returnflow.pickup.PickupWindows;
import io.returnflow.pickup.ResolveFailedPickupDecided;
import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.Money;
import io.returnflow.platform.ProblemType;
import io.returnflow.platform.TaskDecisionRefused;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.Resolution;
import io.returnflow.returns.ResolutionPolicy;
import io.returnflow.returns.ReturnEligibility;
import io.returnflow.returns.ReturnMethod;
import io.returnflow.returns.ReturnReason;
import io.returnflow.returns.ReturnRepository;
import io.returnflow.returns.ReturnRequest;
import io.returnflow.returns.ReturnStatus;
import io.returnflow.returns.ReturnTimeline;
import io.returnflow.returns.eligibility.EligibilityVerdict;
import io.returnflow.settlement.RateTable;

/**
 * What the buyer does under a return link, through the same rules as the API: the eligibility DMN per line, the
 * quote of {@code POST /api/return-quotes}, the return created as {@code POST /api/returns} creates it, the
 * cancellation of {@code POST /api/returns/{id}/cancellation}, and after a missed pickup the decision customer
 * service takes in "Resolve failed pickup" (REBOOK with the chosen window).
 */
@Service
class BuyerDesk {

    private static final Logger log = LoggerFactory.getLogger(BuyerDesk.class);
    /** Who the timeline and the engine say acted: the buyer, through the page (no user of the identity service). */
    static final String BUYER = "buyer";
    /** The timeline entries the buyer sees; the others (tracking details, agents' steps) are the merchant's. */
    static final Set<String> BUYER_STEPS = Set.of("REQUESTED", "REJECTED", "PICKUP_BOOKED",
            "PICKUP_COURIER_ASSIGNED", "PICKUP_MISSED", "PICKUP_REBOOKED", "COLLECTED", "DROP_OFF_CODE_ISSUED",
            "DROP_OFF_CODE_EXPIRING", "SWITCHED_TO_DROP_OFF", "CHECKED_IN", "SIGNED", "INSPECTED", "REFUNDED",
            "REFUNDED_ELSEWHERE", "REFUND_FAILED", "CANCELLATION_REQUESTED", "CANCELLED", "COMPLETED", "EXPIRED");

    private final ReturnLinks links;
    private final SelfServiceProperties properties;
    private final ReturnEligibility eligibility;
    private final ReturnQuotes quotes;
    private final ReturnService service;
    private final ReturnViews views;
    private final ReturnRepository returns;
    private final ReturnTimeline timeline;
    private final PickupWindows windows;
    private final Stores stores;
    private final DropOffCodes codes;
    private final TaskService tasks;
    private final ReturnResolutions resolutions;

    BuyerDesk(ReturnLinks links, SelfServiceProperties properties, ReturnEligibility eligibility, ReturnQuotes quotes,
              ReturnService service, ReturnViews views, ReturnRepository returns, ReturnTimeline timeline,
              PickupWindows windows, Stores stores, DropOffCodes codes, TaskService tasks,
              ReturnResolutions resolutions) {
        this.resolutions = resolutions;
        this.links = links;
        this.properties = properties;
        this.eligibility = eligibility;
        this.quotes = quotes;
        this.service = service;
        this.views = views;
        this.returns = returns;
        this.timeline = timeline;
        this.windows = windows;
        this.stores = stores;
        this.codes = codes;
        this.tasks = tasks;
    }

    /** The order, each line asked of the eligibility table once per return reason. */
    @Transactional  // not read-only: the history records evaluations of tables in returnflow.history.decisions
    public BuyerViews.Order order(ReturnLink link) {
        List<BuyerViews.Line> lines = link.items().stream().map(item -> line(link, item)).toList();
        return new BuyerViews.Order(link.id(), link.orderId(), link.orderedAt(), link.deliveredAt(),
                link.customer().language(), link.customer().name(), link.expiresAt(), link.payment().currency(),
                link.shippingAddress(), lines, link.returnId(),
                Math.max(0, properties.returnsPerLink() - link.returnsStarted()),
                Math.max(1, properties.pollInterval().toSeconds()));
    }

    private BuyerViews.Line line(ReturnLink link, ReturnLinkRequest.Line orderLine) {
        ReturnRequest.Item item = orderLine.item();
        List<ReturnReason> allowed = new ArrayList<>();
        List<BuyerViews.LineResolutions> resolutionsByReason = new ArrayList<>();
        EligibilityVerdict firstRefusal = null;
        for (ReturnReason reason : ReturnReason.values()) {
            ReturnRequest asked = request(link, List.of(item), reason, null, null, null);
            EligibilityVerdict verdict = eligibility.of(asked);
            if (verdict.eligible()) {
                allowed.add(reason);
                resolutionsByReason.add(resolutionsOf(item, reason, resolutions.allowed(asked).get(0),
                        link.payment().currency()));
            } else if (firstRefusal == null) {
                firstRefusal = verdict;
            }
        }
        boolean returnable = !allowed.isEmpty();
        boolean exchangeable = resolutionsByReason.stream().anyMatch(r -> r.allowed().stream()
                .anyMatch(a -> a.resolution() == Resolution.EXCHANGE));
        List<BuyerViews.ExchangeOption> options = !exchangeable ? List.of() : orderLine.exchangeOptions().stream()
                .map(o -> new BuyerViews.ExchangeOption(o.sku(), o.name(), Money.text(o.unitPrice()))).toList();
        return new BuyerViews.Line(item.lineId(), item.sku(), item.name(), item.category(), item.quantity(),
                Money.text(item.unitPrice()), returnable, allowed,
                returnable ? null : firstRefusal.refusalCodes().get(0),
                returnable ? null : firstRefusal.reasons().get(0), resolutionsByReason, options);
    }

    /**
     * What each resolution the table allows would give for the whole line, as the quote tells it for the chosen
     * pieces: the line's value for a refund or store credit (with its bonus), no figure for an exchange (its
     * difference depends on the variant chosen).
     */
    private static BuyerViews.LineResolutions resolutionsOf(ReturnRequest.Item item, ReturnReason reason,
                                                            ResolutionPolicy.Allowed allowed, String currency) {
        BigDecimal total = item.unitPrice().multiply(BigDecimal.valueOf(item.quantity()));
        return new BuyerViews.LineResolutions(reason, allowed.inOrder().stream().map(resolution -> switch (resolution) {
            case REFUND -> new ReturnQuotes.QuoteResolution(resolution, Money.text(total), null);
            case STORE_CREDIT -> new ReturnQuotes.QuoteResolution(resolution, Money.text(total),
                    Money.text(Money.of(total.multiply(allowed.bonusPercent()).movePointLeft(2), currency)));
            case EXCHANGE -> new ReturnQuotes.QuoteResolution(resolution, null, null);
        }).toList(), allowed.rule());
    }

    /** What the chosen lines would give, for the chosen way back or for both. */
    @Transactional
    public BuyerViews.Quote quote(ReturnLink link, BuyerViews.Choice choice) {
        List<ReturnRequest.Item> items = chosenItems(link, choice);
        checkResolutions(request(link, items, choice.reason(), null, null, null), choice);
        List<ReturnMethod> methods = choice.method() == null ? List.of(ReturnMethod.HOME_PICKUP,
                ReturnMethod.STORE_DROPOFF) : List.of(choice.method());
        List<BuyerViews.MethodQuote> options = new ArrayList<>();
        ReturnQuotes.Quote last = null;
        for (ReturnMethod method : methods) {
            ReturnRequest.Address address = choice.pickup() != null ? choice.pickup().address()
                    : link.shippingAddress() != null ? link.shippingAddress()
                    : new ReturnRequest.Address(RateTable.ANY, RateTable.ANY, null, "-", null);
            // a window not yet chosen: the next one, so that the quote is the return's as it would be booked
            ReturnRequest.Window window = choice.pickup() != null && choice.pickup().window() != null
                    ? choice.pickup().window() : null;
            String storeId = choice.dropOff() != null ? choice.dropOff().storeId() : "";
            last = quotes.price(request(link, items, choice.reason(), method,
                    method == ReturnMethod.HOME_PICKUP ? new ReturnRequest.Pickup(address, window) : null,
                    method == ReturnMethod.STORE_DROPOFF ? new ReturnRequest.DropOff(storeId) : null,
                    choice.instantExchange()));
            options.add(new BuyerViews.MethodQuote(method, last.freight(), last.refund(), last.settlement()));
        }
        return new BuyerViews.Quote(last.eligible(), last.reasons(), options, last.lines());
    }

    /**
     * Starts the return, once: the link's row is locked, so a double tap waits for the first and gets its return;
     * while the link's return is open another choice is 409, and a refused one is 422 as for the API.
     */
    @Transactional
    public Confirmed confirm(String linkId, BuyerViews.Choice choice) {
        ReturnLink link = links.lock(linkId).orElseThrow(() -> ApiProblem.notFound("No such return link"));
        if (choice.method() == null) {
            throw ApiProblem.invalid("method", "choose HOME_PICKUP or STORE_DROPOFF");
        }
        if (choice.method() == ReturnMethod.HOME_PICKUP && choice.pickup() != null
                && choice.pickup().window() == null) {
            throw ApiProblem.invalid("pickup.window", "choose one of the offered pickup windows");
        }
        ReturnRequest request = request(link, chosenItems(link, choice), choice.reason(), choice.method(),
                choice.pickup() == null ? null : new ReturnRequest.Pickup(choice.pickup().address(),
                        choice.pickup().window()),
                choice.dropOff(), choice.instantExchange());
        checkResolutions(request, choice);
        String hash = service.hash(request);
        if (link.returnId() != null) {
            CustomerReturn last = returns.get(link.returnId());
            boolean same = hash.equals(link.confirmationHash());
            if (same && (last.status() == ReturnStatus.REJECTED || !last.status().isClosed())) {
                return new Confirmed(views.of(last.id()), false);
            }
            if (!last.status().isClosed()) {
                throw ApiProblem.conflict("open-return", "Return " + last.id() + " of this link is still open: "
                        + "follow it, or cancel it before starting another.");
            }
        }
        if (link.returnsStarted() >= properties.returnsPerLink()) {
            throw ApiProblem.conflict("link-used-up", link.returnsStarted() + " returns were started from this "
                    + "link, as many as a link allows.");
        }
        ReturnService.Outcome outcome = service.create(request, null, BUYER);
        links.startedReturn(link.id(), outcome.view().id(), hash);
        log.info("Return {} started from return link {}", outcome.view().id(), link.id());
        return new Confirmed(outcome.view(), true);
    }

    /** The return of the link, as the buyer follows it. */
    @Transactional(readOnly = true)
    public BuyerViews.Return currentReturn(ReturnLink link, String qrPath) {
        String id = returnIdOf(link);
        ReturnView view = views.of(id);
        CustomerReturn r = returns.get(id);
        BuyerViews.Pickup pickup = null;
        if (view.pickup() != null) {
            var p = view.pickup();
            var courier = p.courier();
            pickup = new BuyerViews.Pickup(p.window() == null ? null
                    : new BuyerViews.Window(p.window().start(), p.window().end()), p.attempt(),
                    courier == null ? null : courier.name(), courier == null ? null : courier.phone(),
                    courier == null ? null : courier.pickupCode());
        }
        BuyerViews.DropOff dropOff = null;
        if (view.dropOff() != null) {
            var d = view.dropOff();
            dropOff = new BuyerViews.DropOff(stores.findAny(d.storeId()).map(BuyerDesk::store).orElse(null),
                    d.code(), d.expiresAt(), d.checkedInAt(), d.code() == null ? null : qrPath);
        }
        var refund = view.refund();
        List<BuyerViews.Step> steps = timeline.list(id).stream().filter(e -> BUYER_STEPS.contains(e.type()))
                .map(e -> new BuyerViews.Step(e.at(), e.type())).toList();
        boolean cancellable = !r.status().isClosed() && !r.status().isParcelOnItsWay();
        List<BuyerViews.Window> choice = missedPickupTask(id).isPresent() && r.pickupAddress() != null
                ? windows.upcoming(windows.defaultCarrier(), r.pickupAddress().city(),
                        properties.pickupWindowsOffered()).stream()
                        .map(w -> new BuyerViews.Window(w.start(), w.end())).toList()
                : null;
        return new BuyerViews.Return(view.id(), view.status().name(), view.method(), view.reason(),
                view.items().stream().map(i -> new BuyerViews.Item(i.lineId(), i.name(), i.quantity(),
                        i.resolution(), i.exchangeFor())).toList(),
                new BuyerViews.Refund(refund.status(), refund.due(), refund.itemsTotal(), refund.freightDeducted(),
                        refund.restockingFee(), refund.amount(), refund.currency()),
                view.settlement(), pickup, dropOff, steps, cancellable, choice);
    }

    /** The drop-off code of the link's return. */
    @Transactional(readOnly = true)
    public String dropOffCode(ReturnLink link) {
        String id = returnIdOf(link);
        return codes.current(id).map(c -> c.code().display())
                .orElseThrow(() -> ApiProblem.notFound("The return has no drop-off code"));
    }

    /** Cancels the link's return, by the rules of {@code POST /api/returns/{id}/cancellation}. */
    @Transactional
    public void cancel(ReturnLink link, String reason) {
        service.cancel(returnIdOf(link), reason == null || reason.isBlank() ? "Cancelled by the buyer" : reason,
                BUYER);
    }

    /**
     * After a missed pickup, while "Resolve failed pickup" waits for customer service: completes it with REBOOK and
     * the buyer's window, checked by the task's own rules ({@link ResolveFailedPickupDecided}).
     */
    @Transactional
    public void chooseWindow(ReturnLink link, OffsetDateTime start) {
        String id = returnIdOf(link);
        Task task = missedPickupTask(id).orElseThrow(() -> new ApiProblem(HttpStatus.CONFLICT,
                ProblemType.NO_MISSED_PICKUP.typeName(), ProblemType.NO_MISSED_PICKUP.title(),
                "Return " + id + " waits for no new pickup window.", List.of(), Map.of()));
        // the task's own rules refuse a window that is not offered (TaskDecisionRefused, rolled back with the rest)
        // the task's actor: the buyer (TaskActors reads the assignee when no user is logged in to the engine)
        tasks.setAssignee(task.getId(), BUYER);
        try {
            tasks.complete(task.getId(), Variables.createVariables()
                    .putValue(ResolveFailedPickupDecided.FAILED_PICKUP_DECISION, ResolveFailedPickupDecided.REBOOK)
                    .putValue(ResolveFailedPickupDecided.REBOOK_WINDOW_START, start.toString()));
        } catch (RuntimeException e) {
            throw refusal(e).map(refused -> ApiProblem.invalid(refused.errors().stream()
                    .map(error -> new ApiProblem.FieldError("start", error.message())).toList())).orElseThrow(() -> e);
        }
        log.info("Return {}: the buyer chose the pickup window starting {}", id, start);
    }

    /** The upcoming pickup windows in a city. */
    public BuyerViews.Windows windows(String city) {
        return new BuyerViews.Windows(city, windows.upcoming(windows.defaultCarrier(), city,
                properties.pickupWindowsOffered()).stream()
                .map(w -> new BuyerViews.Window(w.start(), w.end())).toList());
    }

    /** The active drop-off stores in a city (all when no city is given). */
    public List<BuyerViews.Store> stores(String city) {
        return stores.inCity(city).stream().map(BuyerDesk::store).toList();
    }

    private Optional<Task> missedPickupTask(String returnId) {
        return Optional.ofNullable(tasks.createTaskQuery().processInstanceBusinessKey(returnId)
                .taskDefinitionKey(ResolveFailedPickupDecided.TASK).active().singleResult());
    }

    private static Optional<TaskDecisionRefused> refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TaskDecisionRefused refused) {
                return Optional.of(refused);
            }
        }
        return Optional.empty();
    }

    private static String returnIdOf(ReturnLink link) {
        if (link.returnId() == null) {
            throw ApiProblem.notFound("No return was started from this link yet");
        }
        return link.returnId();
    }

    private static BuyerViews.Store store(io.returnflow.dropoff.Store s) {
        return new BuyerViews.Store(s.id(), s.name(), s.province(), s.city(), s.district(), s.address(), s.phone(),
                s.openingHours());
    }

    /**
     * The chosen lines as return items at the order's prices, each with its resolution and, for an exchange, the
     * link's option of the chosen sku (its name and price are the shop's, never the buyer's); 400 naming the line
     * that is not the order's or the exchange option that is not the line's.
     */
    private static List<ReturnRequest.Item> chosenItems(ReturnLink link, BuyerViews.Choice choice) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        List<ReturnRequest.Item> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < choice.lines().size(); i++) {
            BuyerViews.ChosenLine chosen = choice.lines().get(i);
            Optional<ReturnLinkRequest.Line> line = link.line(chosen.lineId());
            if (line.isEmpty()) {
                errors.add(new ApiProblem.FieldError("lines[" + i + "].lineId", "is not a line of this order"));
            } else if (!seen.add(chosen.lineId())) {
                errors.add(new ApiProblem.FieldError("lines[" + i + "].lineId", "appears twice"));
            } else if (chosen.quantity() > line.get().quantity()) {
                errors.add(new ApiProblem.FieldError("lines[" + i + "].quantity", "at most "
                        + line.get().quantity() + " were ordered"));
            } else {
                var l = line.get();
                Resolution resolution = chosen.resolution() == null ? Resolution.REFUND : chosen.resolution();
                ReturnRequest.ExchangeTarget target = null;
                String skuField = "lines[" + i + "].exchangeSku";
                if (resolution != Resolution.EXCHANGE) {
                    if (chosen.exchangeSku() != null) {
                        errors.add(new ApiProblem.FieldError(skuField, "is only for resolution EXCHANGE"));
                    }
                } else if (chosen.exchangeSku() == null || chosen.exchangeSku().isBlank()) {
                    errors.add(new ApiProblem.FieldError(skuField, "choose one of the line's exchange options"));
                } else {
                    target = l.option(chosen.exchangeSku()).map(ReturnLinkRequest.ExchangeOption::target)
                            .orElse(null);
                    if (target == null) {
                        errors.add(new ApiProblem.FieldError(skuField, "is not one of the line's exchange options"));
                    }
                }
                items.add(new ReturnRequest.Item(l.lineId(), l.sku(), l.name(), l.category(), chosen.quantity(),
                        l.unitPrice(), chosen.resolution() == null ? null : resolution, target));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return items;
    }

    /**
     * Refuses what the analysts' table does not allow the chosen lines for the reason (422
     * {@value ReturnResolutions#NOT_ALLOWED} naming {@code lines[i].resolution}, as the API names
     * {@code items[i].resolution}), and an instant exchange without an exchanged line (400). The items are the
     * choice's lines in their order.
     */
    private void checkResolutions(ReturnRequest request, BuyerViews.Choice choice) {
        List<ApiProblem.FieldError> refused = new ArrayList<>();
        List<ResolutionPolicy.Allowed> allowed = resolutions.allowed(request);
        for (int i = 0; i < request.items().size(); i++) {
            Resolution asked = request.items().get(i).resolutionOrDefault();
            ResolutionPolicy.Allowed rule = allowed.get(i);
            if (!rule.allows(asked)) {
                refused.add(new ApiProblem.FieldError("lines[" + i + "].resolution", asked + " is not allowed for "
                        + "this line and reason (rule " + rule.rule() + "); allowed: " + rule.inOrder().stream()
                        .map(Enum::name).collect(Collectors.joining(", "))));
            }
        }
        if (!refused.isEmpty()) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, ReturnResolutions.NOT_ALLOWED,
                    "Resolution not allowed", refused.get(0).field() + ": " + refused.get(0).message(), refused,
                    Map.of());
        }
        if (Boolean.TRUE.equals(choice.instantExchange()) && choice.lines().stream()
                .noneMatch(l -> l.resolution() == Resolution.EXCHANGE)) {
            throw ApiProblem.invalid("instantExchange", "is only for a return with an EXCHANGE line");
        }
    }

    private static ReturnRequest request(ReturnLink link, List<ReturnRequest.Item> items, ReturnReason reason,
                                         ReturnMethod method, ReturnRequest.Pickup pickup,
                                         ReturnRequest.DropOff dropOff) {
        return request(link, items, reason, method, pickup, dropOff, null);
    }

    /** A request as the API takes it; {@code instantExchange} only when asked, so earlier requests hash alike. */
    private static ReturnRequest request(ReturnLink link, List<ReturnRequest.Item> items, ReturnReason reason,
                                         ReturnMethod method, ReturnRequest.Pickup pickup,
                                         ReturnRequest.DropOff dropOff, Boolean instantExchange) {
        return new ReturnRequest(link.orderId(), link.orderedAt(), link.deliveredAt(), link.customer(),
                link.payment(), items, reason, method, pickup, dropOff,
                Boolean.TRUE.equals(instantExchange) ? Boolean.TRUE : null);
    }

    /** A return started (or, for a double tap, found) by a confirmation. */
    record Confirmed(ReturnView view, boolean created) {
    }

    /** A refusal as the API answers it: 422 not-eligible, with the policy's reasons. */
    static ProblemDetail notEligible(ReturnView view) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY,
                "The return policy refuses this return: " + String.join("; ", view.rejectionReasons()));
        problem.setType(ProblemType.NOT_ELIGIBLE.uri());
        problem.setTitle(ProblemType.NOT_ELIGIBLE.title());
        problem.setProperty("reasons", view.rejectionReasons());
        problem.setProperty("returnId", view.id());
        return problem;
    }
}
