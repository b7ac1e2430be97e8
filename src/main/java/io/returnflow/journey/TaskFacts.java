package io.returnflow.journey;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.returnflow.dropoff.DropOffCodes;
import io.returnflow.dropoff.Store;
import io.returnflow.dropoff.Stores;
import io.returnflow.payment.Refund;
import io.returnflow.payment.RefundLedger;
import io.returnflow.pickup.PickupBookings.Booking;
import io.returnflow.pickup.PickupBookings;
import io.returnflow.pickup.PickupProperties;
import io.returnflow.pickup.PickupWindows;
import io.returnflow.platform.Money;
import io.returnflow.platform.Text;
import io.returnflow.returns.CarrierLeg;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.JourneyProperties;
import io.returnflow.returns.ReturnLegs;
import io.returnflow.returns.ReturnMethod;
import io.returnflow.returns.ReturnRepository;
import io.returnflow.returns.ReturnTimeline;
import io.returnflow.risk.RiskAssessments;
import io.returnflow.risk.RiskSummary;

/**
 * The facts a person needs on a task, as read-only text the forms show: who, what, how much, where,
 * the courier's attempts, the tracking, the store; and the choices a decision may take (the windows
 * that can be booked, the stores). Each value is one String (lines separated by newlines) that fits a
 * Camunda String variable.
 */
@Component
@Transactional(readOnly = true)
public class TaskFacts {

    public static final String RETURN_ID = "returnId";
    public static final String ORDER_ID = "orderId";
    public static final String CUSTOMER_NAME = "customerName";
    public static final String ITEMS_SUMMARY = "itemsSummary";
    public static final String AMOUNTS_SUMMARY = "amountsSummary";
    public static final String ADDRESS_SUMMARY = "addressSummary";
    public static final String ATTEMPTS_SUMMARY = "attemptsSummary";
    public static final String TRACKING_SUMMARY = "trackingSummary";
    public static final String STORE_SUMMARY = "storeSummary";
    public static final String OFFERED_WINDOWS = "offeredWindows";
    public static final String STORE_OPTIONS = "storeOptions";
    /** What the risk table decided at request, which rules fired and why, on what facts (no personal data). */
    public static final String RISK_SUMMARY = "riskSummary";

    /**
     * The facts that hold a person's data: the buyer's name, phone and address, the courier's name and phone, and
     * the carrier's tracking lines, which name the courier and their phone in free text. The engine's history never
     * keeps them ({@code returnflow.history.personal-data} names them, and the history keeps no fact at all, only a
     * task's inputs); they live in the return's tables, and in the task's runtime variables while the task is open.
     */
    public static final Set<String> PERSONAL_DATA = Set.of(CUSTOMER_NAME, ADDRESS_SUMMARY, ATTEMPTS_SUMMARY,
            TRACKING_SUMMARY);

    /** Camunda keeps String variables up to 4000 characters; stay below. */
    private static final int MAX_TEXT = 3900;
    /** The newest tracking events shown. */
    private static final int TRACKING_EVENTS_SHOWN = 6;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ReturnRepository returns;
    private final ReturnTimeline timeline;
    private final PickupBookings bookings;
    private final ReturnLegs legs;
    private final PickupWindows windows;
    private final PickupProperties pickup;
    private final Stores stores;
    private final DropOffCodes codes;
    private final RefundLedger refunds;
    private final JourneyProperties journey;
    private final RiskAssessments risks;

    public TaskFacts(ReturnRepository returns, ReturnTimeline timeline, PickupBookings bookings,
                     ReturnLegs legs, PickupWindows windows,
                     PickupProperties pickup, Stores stores, DropOffCodes codes, RefundLedger refunds,
                     JourneyProperties journey, RiskAssessments risks) {
        this.returns = returns;
        this.timeline = timeline;
        this.bookings = bookings;
        this.legs = legs;
        this.windows = windows;
        this.pickup = pickup;
        this.stores = stores;
        this.codes = codes;
        this.refunds = refunds;
        this.journey = journey;
        this.risks = risks;
    }

    /**
     * The facts of a return by variable name.
     *
     * @param refundFailure the provider's refusal as the journey caught it, or null
     */
    public Map<String, String> of(String returnId, Object refundFailure) {
        CustomerReturn r = returns.get(returnId);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(RETURN_ID, r.id());
        facts.put(ORDER_ID, r.orderId());
        facts.put(CUSTOMER_NAME, r.customer().name());
        facts.put(ITEMS_SUMMARY, items(r));
        facts.put(AMOUNTS_SUMMARY, amounts(r, refundFailure));
        facts.put(ADDRESS_SUMMARY, address(r));
        facts.put(ATTEMPTS_SUMMARY, attempts(r));
        facts.put(TRACKING_SUMMARY, tracking(r));
        facts.put(STORE_SUMMARY, store(r));
        facts.put(OFFERED_WINDOWS, offeredWindows(r));
        facts.put(STORE_OPTIONS, storeOptions(r));
        facts.put(RISK_SUMMARY, risks.latest(r.id()).map(RiskSummary::text).orElse("Not assessed"));
        facts.replaceAll((name, text) -> Text.fit(text == null ? "" : text, MAX_TEXT));
        return facts;
    }

    private static String items(CustomerReturn r) {
        String currency = r.payment().currency();
        return r.items().stream()
                .map(i -> i.lineId() + ": " + i.name() + " (" + i.sku() + ", " + i.category() + ") × " + i.quantity()
                        + " at " + Money.text(i.unitPrice()) + " " + currency + " = "
                        + Money.text(i.total()) + " " + currency)
                .collect(Collectors.joining("\n")) + "\nReason: " + r.reason();
    }

    private String amounts(CustomerReturn r, Object refundFailure) {
        String currency = r.payment().currency();
        CustomerReturn.RefundPlan plan = r.refundPlan();
        StringBuilder text = new StringBuilder()
                .append("Paid ").append(Money.text(r.payment().amountPaid())).append(' ').append(currency)
                .append(" (").append(r.payment().provider()).append(" charge ").append(r.payment().chargeId())
                .append(")\n")
                .append("Items ").append(Money.text(plan.itemsTotal()))
                .append(", freight deducted ").append(Money.text(plan.freightDeducted()))
                .append(" (").append(r.freight().payer()).append(" pays ").append(Money.text(r.freight().amount()))
                .append("), restocking fee ").append(Money.text(plan.restockingFee())).append('\n')
                .append("Refund ").append(Money.text(plan.amount())).append(' ').append(currency);
        Optional<Refund> refund = refunds.find(r.id());
        refund.ifPresent(f -> {
            text.append(", ").append(f.status()).append(" after ").append(f.attempts()).append(" attempt(s)");
            if (f.providerRefundId() != null || f.madeElsewhere()) {
                text.append(" (").append(f.where()).append(')');
            }
            if (f.failureReason() != null) {
                text.append("\nProvider's answer: ").append(f.failureReason());
            }
        });
        if (refundFailure != null && refund.map(f -> f.failureReason() == null).orElse(true)) {
            text.append("\nRefund failure: ").append(refundFailure);
        }
        return text.toString();
    }

    private static String address(CustomerReturn r) {
        String who = r.customer().name() + (r.customer().phone() == null ? "" : ", " + r.customer().phone());
        CustomerReturn.PickupAddress a = r.pickupAddress();
        if (a == null) {
            return who;
        }
        return who + "\n" + String.join(" ", nonNull(a.province()), nonNull(a.city()), nonNull(a.district()),
                nonNull(a.line())).replaceAll(" +", " ").trim() + (a.postCode() == null ? "" : " " + a.postCode());
    }

    private String attempts(CustomerReturn r) {
        List<Booking> all = bookings.all(r.id(), PickupBookings.Purpose.HOME_PICKUP);
        if (all.isEmpty()) {
            return r.method() == ReturnMethod.HOME_PICKUP ? "No courier booked yet" : "";
        }
        String lines = all.stream().map(b -> "Attempt " + b.attempt() + ": " + b.carrier() + " order " + b.orderCode()
                        + ", window " + window(b.windowStart(), b.windowEnd()) + ", booked " + moment(b.bookedAt())
                        + " — " + (b.status() == PickupBookings.Status.CANCELLED ? "cancelled"
                        : b.trackingState() == null ? "booked" : b.trackingState().name().toLowerCase())
                        + courier(b))
                .collect(Collectors.joining("\n"));
        return lines + "\n" + all.size() + " of " + journey.maxPickupAttempts() + " automatic attempt(s) used";
    }

    /** The courier the carrier sent and the pickup code the buyer gives them, when the carrier said. */
    private static String courier(Booking b) {
        String who = String.join(", ", java.util.stream.Stream.of(b.courierName(), b.courierPhone())
                .filter(p -> p != null && !p.isBlank()).toList());
        String code = b.pickupCode() == null ? "" : "pickup code " + b.pickupCode();
        if (who.isEmpty() && code.isEmpty()) {
            return "";
        }
        return "; courier " + (who.isEmpty() ? "not named" : who) + (code.isEmpty() ? "" : ", " + code);
    }

    private String tracking(CustomerReturn r) {
        Optional<CarrierLeg> leg = legs.carrying(r.id());
        StringBuilder text = new StringBuilder(leg.map(b -> b.carrier() + " order " + b.orderCode() + ", waybill "
                + (b.waybill() == null ? "not yet known" : b.waybill()) + ", last state "
                + (b.trackingState() == null ? "unknown" : b.trackingState())).orElse("No shipment booked"));
        List<ReturnTimeline.TimelineEvent> events = timeline.list(r.id()).stream()
                .filter(e -> e.type().startsWith("TRACKING_")).toList();
        events.subList(Math.max(0, events.size() - TRACKING_EVENTS_SHOWN), events.size())
                .forEach(e -> text.append('\n').append(moment(e.at())).append(' ').append(e.detail()));
        return text.toString();
    }

    private String store(CustomerReturn r) {
        if (r.dropOffStoreId() == null) {
            return "";
        }
        String store = stores.find(r.dropOffStoreId()).map(TaskFacts::describe).orElse(r.dropOffStoreId());
        return store + codes.current(r.id()).map(c -> "\nCode " + c.status().name().toLowerCase() + ", valid until "
                + moment(c.expiresAt()) + (c.checkedInAt() == null ? "" : ", checked in " + moment(c.checkedInAt())))
                .orElse("");
    }

    private String offeredWindows(CustomerReturn r) {
        if (r.pickupAddress() == null) {
            return "";
        }
        return windows.upcoming(windows.defaultCarrier(), r.pickupAddress().city(), journey.offeredWindows()).stream()
                .map(w -> w.start() + " (until " + w.end().atZoneSameInstant(zone()).format(TIME) + ")")
                .collect(Collectors.joining("\n"));
    }

    private String storeOptions(CustomerReturn r) {
        String city = r.pickupAddress() != null ? r.pickupAddress().city()
                : stores.find(r.dropOffStoreId() == null ? "" : r.dropOffStoreId()).map(Store::city).orElse(null);
        List<Store> near = stores.inCity(city);
        return (near.isEmpty() ? stores.inCity(null) : near).stream().map(TaskFacts::describe)
                .collect(Collectors.joining("\n"));
    }

    private static String describe(Store s) {
        return s.id() + " — " + s.name() + ", " + s.city() + " " + nonNull(s.district()) + " " + s.address()
                + (s.openingHours() == null ? "" : " (" + s.openingHours() + ")");
    }

    private String window(OffsetDateTime start, OffsetDateTime end) {
        if (start == null || end == null) {
            return "?";
        }
        return moment(start) + "–" + end.atZoneSameInstant(zone()).format(TIME);
    }

    private String moment(OffsetDateTime at) {
        return at == null ? "?" : at.atZoneSameInstant(zone()).format(MOMENT);
    }

    private ZoneId zone() {
        return pickup.zone();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
