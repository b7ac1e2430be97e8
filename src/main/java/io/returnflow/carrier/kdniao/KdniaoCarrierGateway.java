package io.returnflow.carrier.kdniao;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

import com.fasterxml.jackson.core.JsonProcessingException;
import feign.FeignException;
import feign.RetryableException;
import io.returnflow.carrier.CarrierGateway;
import io.returnflow.carrier.CarrierRejectedException;
import io.returnflow.carrier.CarrierUnavailableException;
import io.returnflow.carrier.PickupBooking;
import io.returnflow.carrier.PickupCancellation;
import io.returnflow.carrier.PickupRequest;
import io.returnflow.carrier.tracking.TrackingSubscriptions;
import io.returnflow.platform.EndpointResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import io.returnflow.platform.Text;

/**
 * The carrier port spoken as Kdniao: 1801 books a home pickup, 1802 cancels it, 1008 subscribes to a
 * waybill's tracking, 1002 queries it.
 *
 * <ul>
 *   <li>A booking answers with the waybill when Kdniao already has one; usually it is empty and
 *       arrives with the courier's collection push (late-bound). Either way, once the waybill is known
 *       its tracking subscription is requested (Kdniao pushes tracking only for subscribed waybills);
 *       at booking that happens in the caller's transaction.</li>
 *   <li>A repeated 1801 for the same order code (a retried job) is answered by Kdniao with 105 "order
 *       already exists": that is the first booking, not a failure.</li>
 *   <li>Any other refusal is a {@link CarrierRejectedException} with Kdniao's result code and reason. A
 *       booking refused for its monthly account or its pay type (Kdniao's reason names MonthCode, 月结,
 *       PayType or 支付方式) also names the setting that fixes it, e.g.
 *       {@code returnflow.carrier.kdniao.accounts.SF.month-code}.</li>
 *   <li>Who pays a pickup (PayType, MonthCode) is configured per carrier, see
 *       {@link KdniaoProperties#paymentFor}; a request's own account (a store's) is sent as the MonthCode
 *       instead, with PayType 3.</li>
 *   <li>PayType 3 with no MonthCode configured and none in the request is sent as it is, not refused here.
 *       Kdniao's public material does not say which accounts need a MonthCode (its field tables mark it
 *       conditional, without the condition), so a rule of ours would be a guess that could block bookings
 *       Kdniao accepts. Letting Kdniao answer costs nothing: a refused order dispatches no courier (no
 *       complaint against the account), and its refusal names the setting to fill in.</li>
 *   <li>Instructions go to their own paths under the base URL, or all to one gateway URL when
 *       {@code returnflow.carrier.kdniao.gateway-url} is set (Kdniao's test environment).</li>
 *   <li>HTTP errors, timeouts, refused connections and answers that are not Kdniao JSON are
 *       {@link CarrierUnavailableException}s: the job retries and finally raises an incident.</li>
 * </ul>
 */
@Component
public class KdniaoCarrierGateway implements CarrierGateway {

    public static final String CREATE_PICKUP = "1801";
    public static final String CANCEL_PICKUP = "1802";
    public static final String SUBSCRIBE = "1008";
    public static final String QUERY_TRACKING = "1002";

    private static final Logger log = LoggerFactory.getLogger(KdniaoCarrierGateway.class);
    private static final int QUOTED_BODY_LENGTH = 200;

    // how Kdniao words the refusals that are outcomes rather than failures (Chinese and English texts occur)
    private static final List<String> ALREADY_EXISTS = List.of("已存在", "重复", "already exist", "duplicate");
    private static final List<String> NOT_FOUND = List.of("不存在", "未找到", "查无", "not found", "not exist",
            "no such");
    private static final List<String> ALREADY_COLLECTED = List.of("已揽", "揽收", "已取件", "已收件", "collected",
            "picked up");
    // a booking refused for its monthly account (月结编码, 月结账号, 月结卡号, …) or for its pay type
    private static final List<String> MONTH_CODE = List.of("monthcode", "month code", "月结");
    private static final List<String> PAY_TYPE = List.of("paytype", "pay type", "支付方式", "付款方式", "支付类型",
            "付款类型", "结算方式");

    private final KdniaoClient client;
    private final KdniaoProperties properties;
    private final EndpointResolver endpoints;
    private final TrackingSubscriptions subscriptions;
    private final Clock clock;
    private final String defaultCarrier;

    public KdniaoCarrierGateway(KdniaoClient client, KdniaoProperties properties, EndpointResolver endpoints,
                                TrackingSubscriptions subscriptions, Clock clock,
                                @Value("${returnflow.carrier.default-carrier:}") String defaultCarrier) {
        this.client = client;
        this.properties = properties;
        this.endpoints = endpoints;
        this.subscriptions = subscriptions;
        this.clock = clock;
        this.defaultCarrier = defaultCarrier == null || defaultCarrier.isBlank() ? null : defaultCarrier.trim();
    }

    @Override
    public PickupBooking bookPickup(PickupRequest request) {
        KdniaoPayment payment = properties.paymentFor(defaultCarrier).paidBy(request.carrierAccount());
        KdniaoPickupOrder order = KdniaoPickupOrder.of(request, payment);
        KdniaoAnswer answer = call(CREATE_PICKUP, request.orderCode(), KdniaoJson.write(order), client::orderService);
        try (MdcReturnId ignored = MdcReturnId.of(request.returnId())) {
            if (answer.succeeded()) {
                KdniaoAnswer.Order booked = answer.order();
                String waybill = booked == null ? null : Text.trimToNull(booked.logisticCode());
                String carrier = booked != null && Text.trimToNull(booked.shipperCode()) != null
                        ? booked.shipperCode().trim() : defaultCarrier;
                log.info("Pickup {} booked with Kdniao (carrier {}, waybill {})", request.orderCode(), carrier,
                        waybill == null ? "not yet assigned" : waybill);
                if (waybill != null) {
                    subscriptions.request(waybill, carrier, request.orderCode(), request.returnId(),
                            OffsetDateTime.now(clock));
                }
                return new PickupBooking(request.orderCode(), carrier, waybill,
                        booked == null ? null : Text.trimToNull(booked.kdnOrderCode()));
            }
            if (KdniaoAnswer.ALREADY_ORDERED.equals(answer.code())
                    || (KdniaoAnswer.OTHER_ERROR.equals(answer.code()) && mentions(answer.reasonText(), ALREADY_EXISTS))) {
                log.info("Pickup {} was already booked with Kdniao ({}): taking the existing booking",
                        request.orderCode(), answer.reasonText());
                return new PickupBooking(request.orderCode(), defaultCarrier, null);
            }
            log.warn("Pickup {} refused by Kdniao: {} {}", request.orderCode(), answer.code(), answer.reasonText());
            throw new CarrierRejectedException(answer.code(), "Kdniao refused pickup order " + request.orderCode()
                    + ": " + answer.reasonText() + " (ResultCode " + answer.code() + ")"
                    + settingToFix(answer.reasonText(), payment));
        }
    }

    /**
     * What to change when Kdniao refused a booking for its monthly account or its pay type: the setting,
     * named for the order's carrier, and where the value sent came from. Empty for any other refusal.
     */
    private static String settingToFix(String reason, KdniaoPayment payment) {
        String carrier = payment.carrier() == null ? "carriers Kdniao chooses" : payment.carrier();
        StringBuilder fix = new StringBuilder();
        if (mentions(reason, MONTH_CODE)) {
            String setting = KdniaoProperties.accountSetting(payment.carrier(), "month-code");
            if (payment.accountFromRequest()) {
                fix.append("; the MonthCode sent was ").append(payment.monthCodeSource())
                        .append(": check that account (").append(setting).append(" is used when there is none)");
            } else if (payment.monthCode() == null) {
                fix.append("; no MonthCode was sent: set ").append(setting)
                        .append(" to the monthly account number for ").append(carrier);
            } else if (payment.monthCodeSource().equals(setting)) {
                fix.append("; the MonthCode sent came from ").append(setting).append(": check it");
            } else {
                fix.append("; the MonthCode sent came from ").append(payment.monthCodeSource())
                        .append(": check it, or set ").append(setting).append(" to the monthly account number for ")
                        .append(carrier);
            }
        }
        if (mentions(reason, PAY_TYPE)) {
            fix.append("; PayType ").append(payment.payType()).append(" was sent (from ")
                    .append(payment.payTypeSource()).append("): set ")
                    .append(KdniaoProperties.accountSetting(payment.carrier(), "pay-type"))
                    .append(" to 1 (sender pays), 2 (receiver pays) or 3 (monthly account)");
        }
        return fix.toString();
    }

    @Override
    public PickupCancellation cancelPickup(String orderCode, String carrier) {
        Map<String, String> cancel = new LinkedHashMap<>();
        cancel.put("OrderCode", KdniaoPickupOrder.clean(orderCode));
        String shipper = carrier != null && !carrier.isBlank() ? carrier : defaultCarrier;
        if (shipper != null) {
            cancel.put("ShipperCode", KdniaoPickupOrder.clean(shipper));
        }
        KdniaoAnswer answer = call(CANCEL_PICKUP, orderCode, KdniaoJson.write(cancel), client::orderService);
        if (answer.succeeded()) {
            log.info("Pickup {} cancelled with Kdniao", orderCode);
            return new PickupCancellation.Cancelled(orderCode);
        }
        String reason = answer.reasonText();
        if (mentions(reason, NOT_FOUND)) {
            // Kdniao never had it (the booking call failed before reaching it): nobody will come
            log.info("Pickup {} unknown to Kdniao, nothing to cancel: {}", orderCode, reason);
            return new PickupCancellation.Cancelled(orderCode);
        }
        if (mentions(reason, ALREADY_COLLECTED)) {
            log.info("Pickup {} cannot be cancelled, the courier has the parcel: {}", orderCode, reason);
            return new PickupCancellation.Refused(orderCode, reason);
        }
        log.warn("Cancelling pickup {} refused by Kdniao: {} {}", orderCode, answer.code(), reason);
        throw new CarrierRejectedException(answer.code(), "Kdniao refused to cancel pickup order " + orderCode
                + ": " + reason + " (ResultCode " + answer.code() + ")");
    }

    /**
     * Subscribes to the tracking of a waybill (1008): Kdniao then pushes 101 snapshots of it, each
     * carrying {@code returnId} back as CallBack. Idempotent at Kdniao: a repeated subscription, which
     * Kdniao may answer as a duplicate, counts as subscribed.
     *
     * @throws CarrierRejectedException  when Kdniao refuses the subscription
     * @throws CarrierUnavailableException when Kdniao cannot be reached
     */
    public void subscribe(String carrier, String waybill, String orderCode, String returnId) {
        Map<String, String> subscription = trackingRequest(carrier, waybill, orderCode);
        if (returnId != null) {
            subscription.put("CallBack", KdniaoPickupOrder.clean(returnId));
        }
        KdniaoAnswer answer = call(SUBSCRIBE, waybill, KdniaoJson.write(subscription), client::distribution);
        if (!answer.succeeded()) {
            if (mentions(answer.reasonText(), ALREADY_EXISTS)) {
                log.info("Tracking of waybill {} was already subscribed with Kdniao ({})", waybill,
                        answer.reasonText());
                return;
            }
            throw new CarrierRejectedException(answer.code(), "Kdniao refused to track waybill " + waybill + ": "
                    + answer.reasonText() + " (ResultCode " + answer.code() + ")");
        }
        // the subscriber logs the state change
        log.debug("Tracking of waybill {} subscribed with Kdniao", waybill);
    }

    /**
     * Queries the current tracking of a waybill (1002). The answer has the fields of a 101 push entry
     * (a full snapshot of the traces), and is returned as such.
     *
     * @throws CarrierRejectedException  when Kdniao refuses the query (e.g. 405, the daily query limit)
     * @throws CarrierUnavailableException when Kdniao cannot be reached
     */
    public KdniaoPush.Entry queryTracking(String carrier, String waybill, String orderCode) {
        String requestData = KdniaoJson.write(trackingRequest(carrier, waybill, orderCode));
        String text = exchange(QUERY_TRACKING, waybill, requestData, client::trackingQuery);
        KdniaoAnswer answer = answer(QUERY_TRACKING, waybill, text);
        if (!answer.succeeded()) {
            throw new CarrierRejectedException(answer.code(), "Kdniao refused to tell the tracking of waybill "
                    + waybill + ": " + answer.reasonText() + " (ResultCode " + answer.code() + ")");
        }
        try {
            return KdniaoJson.read(text, KdniaoPush.Entry.class);
        } catch (JsonProcessingException e) {
            throw new CarrierUnavailableException("Kdniao answered " + QUERY_TRACKING + " (" + waybill
                    + ") with tracking that is not its JSON: " + quote(text), e);
        }
    }

    /** {OrderCode, ShipperCode, LogisticCode}, the request of 1002 and (plus CallBack) of 1008. */
    private Map<String, String> trackingRequest(String carrier, String waybill, String orderCode) {
        Map<String, String> request = new LinkedHashMap<>();
        if (orderCode != null) {
            request.put("OrderCode", KdniaoPickupOrder.clean(orderCode));
        }
        String shipper = carrier != null && !carrier.isBlank() ? carrier : defaultCarrier;
        if (shipper != null) {
            request.put("ShipperCode", KdniaoPickupOrder.clean(shipper));
        }
        request.put("LogisticCode", KdniaoPickupOrder.clean(waybill));
        return request;
    }

    private KdniaoAnswer call(String requestType, String subject, String requestData,
                              BiFunction<URI, Map<String, ?>, byte[]> endpoint) {
        return answer(requestType, subject, exchange(requestType, subject, requestData, endpoint));
    }

    /** Sends one signed instruction; answers the body, which is never empty. */
    private String exchange(String requestType, String subject, String requestData,
                            BiFunction<URI, Map<String, ?>, byte[]> endpoint) {
        KdniaoEnvelope envelope = KdniaoEnvelope.signed(requestType, requestData, properties.businessId(),
                properties.appKey());
        // Kdniao's test environment takes every instruction on one URL, told apart by RequestType
        boolean single = properties.singleGateway();
        URI url = endpoints.resolve(single ? properties.gatewayUrl() : properties.baseUrl());
        byte[] body;
        try {
            body = single ? client.gateway(url, envelope.toForm()) : endpoint.apply(url, envelope.toForm());
        } catch (RetryableException e) {
            throw new CarrierUnavailableException("Kdniao could not be reached for " + requestType + " (" + subject
                    + ") at " + url + ": " + rootMessage(e), e);
        } catch (FeignException e) {
            throw new CarrierUnavailableException("Kdniao answered HTTP " + e.status() + " to " + requestType + " ("
                    + subject + "): " + quote(e.contentUTF8()), e);
        }
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new CarrierUnavailableException("Kdniao answered " + requestType + " (" + subject
                    + ") with an empty body");
        }
        return text;
    }

    private static KdniaoAnswer answer(String requestType, String subject, String text) {
        try {
            KdniaoAnswer answer = KdniaoJson.read(text, KdniaoAnswer.class);
            if (answer == null || !answer.isAnswer()) {
                throw new CarrierUnavailableException("Kdniao answered " + requestType + " (" + subject
                        + ") without Success or ResultCode: " + quote(text));
            }
            return answer;
        } catch (JsonProcessingException e) {
            throw new CarrierUnavailableException("Kdniao answered " + requestType + " (" + subject
                    + ") with something that is not its JSON: " + quote(text), e);
        }
    }

    private static boolean mentions(String reason, List<String> markers) {
        String lower = reason.toLowerCase(Locale.ROOT);
        return markers.stream().anyMatch(lower::contains);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String quote(String text) {
        if (text == null || text.isBlank()) {
            return "(no body)";
        }
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= QUOTED_BODY_LENGTH ? oneLine : oneLine.substring(0, QUOTED_BODY_LENGTH) + "…";
    }


    /** Puts the return id into the log context for the duration, unless the caller already did. */
    private record MdcReturnId(boolean added) implements AutoCloseable {
        static MdcReturnId of(String returnId) {
            if (returnId == null || MDC.get("returnId") != null) {
                return new MdcReturnId(false);
            }
            MDC.put("returnId", returnId);
            return new MdcReturnId(true);
        }

        @Override
        public void close() {
            if (added) {
                MDC.remove("returnId");
            }
        }
    }
}
