package io.returnflow.carrier.sandbox;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.returnflow.carrier.kdniao.KdniaoJson;
import io.returnflow.carrier.kdniao.KdniaoPush;
import io.returnflow.carrier.kdniao.KdniaoTime;

/**
 * What the sandbox carrier reports about an order, in Kdniao's push vocabulary. Everything is derived
 * from the stored order (times included), so a push that is retried is the same push, which the
 * receiving inbox recognises as a duplicate.
 */
final class SandboxTraces {

    /** 103 pickup-status code for "collected" (已揽件, see KdniaoStateMapping). */
    static final String PICKUP_COLLECTED = "301";
    static final String COLLECTED = "1";
    static final String SIGNED = "3";
    static final String SIGNED_NORMALLY = "301";
    static final String NO_TRACE = "0";
    /** 103 pickup-status codes: cancelled by the carrier, waybill changed. */
    static final String PICKUP_CANCELLED = "203";
    static final String WAYBILL_CHANGED = "302";
    /** 101 detail: signed for as returned to its sender. */
    static final String RETURNED_SIGNED = "406";


    private SandboxTraces() {
    }

    /** The 103 push entry: the courier has the parcel, here is its waybill. */
    static KdniaoPush.Entry pickupCollected(SandboxOrder order, String waybill, OffsetDateTime collectedAt) {
        return KdniaoPush.Entry.pickupStatus(order.orderCode(), kdnOrderCode(order), order.shipperCode(), waybill,
                PICKUP_COLLECTED, "已揽件", order.returnId(), KdniaoTime.format(collectedAt), List.of(courier(order)),
                figures(order));
    }

    /** The 103 push entry: the carrier cancelled the pickup order (203) instead of collecting. */
    static KdniaoPush.Entry cancelledByCarrier(SandboxOrder order, OffsetDateTime at) {
        return KdniaoPush.Entry.pickupStatus(order.orderCode(), kdnOrderCode(order), order.shipperCode(), null,
                PICKUP_CANCELLED, "运力不足，无法上门", order.returnId(), KdniaoTime.format(at), List.of(), null);
    }

    /** The 103 push entry: the waybill was changed (302) to {@code replacement}. */
    static KdniaoPush.Entry waybillChanged(SandboxOrder order, String replacement, OffsetDateTime at) {
        return KdniaoPush.Entry.pickupStatus(order.orderCode(), kdnOrderCode(order), order.shipperCode(),
                replacement, WAYBILL_CHANGED, "更换运单号", order.returnId(), KdniaoTime.format(at), List.of(), null);
    }

    /** The waybill a changed order travels on: derived from the first, so that a retried change is the same. */
    static String replacementWaybill(String waybill) {
        return "SC" + waybill.substring(2);
    }

    /** The 101 snapshot after collection. */
    static KdniaoPush.Entry trackingCollected(SandboxOrder order, String waybill, OffsetDateTime collectedAt) {
        return KdniaoPush.Entry.tracking(order.orderCode(), order.shipperCode(), waybill, COLLECTED, null,
                senderCity(order), order.returnId(), "", List.of(collectedTrace(order, collectedAt)));
    }

    /** The 101 snapshot after signing: the whole history. */
    static KdniaoPush.Entry trackingSigned(SandboxOrder order, String waybill, OffsetDateTime collectedAt,
                                          OffsetDateTime signedAt) {
        if (order.scenario() == SandboxScenario.RETURNED) {
            // as the value-added push reports it: State 3 with the detail that it was the sender who signed
            return KdniaoPush.Entry.tracking(order.orderCode(), order.shipperCode(), waybill, SIGNED, RETURNED_SIGNED,
                    senderCity(order), order.returnId(), "", returnedHistory(order, collectedAt, signedAt));
        }
        return KdniaoPush.Entry.tracking(order.orderCode(), order.shipperCode(), waybill, SIGNED, null,
                receiverCity(order), order.returnId(), "", history(order, collectedAt, signedAt));
    }

    /** The snapshot of an order as it stands (for the 1002 query). */
    static KdniaoPush.Entry current(SandboxOrder order) {
        return switch (order.state()) {
            case COLLECTED -> trackingCollected(order, order.logisticCode(), order.collectedAt());
            case SIGNED -> trackingSigned(order, order.logisticCode(), order.collectedAt(), order.signedAt());
            default -> KdniaoPush.Entry.tracking(order.orderCode(), order.shipperCode(), order.logisticCode(),
                    NO_TRACE, null, null, order.returnId(), "", List.of());
        };
    }

    /** The sandbox's courier, with a four-digit pickup code of the order's own. */
    static KdniaoPush.PickerInfo courier(SandboxOrder order) {
        String pickupCode = String.format("%04d", Math.floorMod(order.orderCode().hashCode(), 10_000));
        return new KdniaoPush.PickerInfo("沙箱快递员", "95000000000", "SB-001", pickupCode, "沙箱网点", null, null);
    }

    /** Kdniao's own order code for a sandbox order, as its 1801 answer gives it. */
    static String kdnOrderCode(SandboxOrder order) {
        return "KDNSB" + Integer.toHexString(order.orderCode().hashCode()).toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * The collection's figures: the weight asked for in the booking, and a fee of 12.00 first weight plus
     * 2.00 per further kilogram (rounded up), which is what the sandbox carrier charges.
     */
    static KdniaoPush.Figures figures(SandboxOrder order) {
        java.math.BigDecimal weight;
        try {
            JsonNode asked = KdniaoJson.tree(order.requestPayload()).path("Weight");
            weight = asked.isNumber() || asked.isTextual() ? new java.math.BigDecimal(asked.asText())
                    : java.math.BigDecimal.ONE;
        } catch (Exception unreadable) {
            weight = java.math.BigDecimal.ONE;
        }
        java.math.BigDecimal first = new java.math.BigDecimal("12.00");
        java.math.BigDecimal further = weight.subtract(java.math.BigDecimal.ONE).max(java.math.BigDecimal.ZERO)
                .setScale(0, java.math.RoundingMode.CEILING).multiply(new java.math.BigDecimal("2.00"));
        java.math.BigDecimal total = first.add(further);
        return new KdniaoPush.Figures(weight.toPlainString(), null, total.toPlainString(), total.toPlainString(),
                first.toPlainString(), further.setScale(2).toPlainString(), null, null, null, null);
    }

    private static List<KdniaoPush.Trace> history(SandboxOrder order, OffsetDateTime collectedAt,
                                                  OffsetDateTime signedAt) {
        List<KdniaoPush.Trace> traces = new ArrayList<>();
        traces.add(collectedTrace(order, collectedAt));
        OffsetDateTime halfway = collectedAt.plus(Duration.between(collectedAt, signedAt).dividedBy(2));
        traces.add(new KdniaoPush.Trace(KdniaoTime.format(halfway), "快件已发往 " + receiverCity(order) + " 转运中心",
                senderCity(order), "2", null));
        traces.add(new KdniaoPush.Trace(KdniaoTime.format(signedAt), "【" + receiverCity(order) + "】快件已签收，签收人：退货仓",
                receiverCity(order), SIGNED_NORMALLY, null));
        return traces;
    }

    private static List<KdniaoPush.Trace> returnedHistory(SandboxOrder order, OffsetDateTime collectedAt,
                                                          OffsetDateTime returnedAt) {
        OffsetDateTime refused = collectedAt.plus(Duration.between(collectedAt, returnedAt).dividedBy(2));
        return List.of(collectedTrace(order, collectedAt),
                new KdniaoPush.Trace(KdniaoTime.format(refused), "快件拒收，退回寄件人", senderCity(order), "404", null),
                new KdniaoPush.Trace(KdniaoTime.format(returnedAt), "退回件已签收", senderCity(order),
                        RETURNED_SIGNED, null));
    }

    private static KdniaoPush.Trace collectedTrace(SandboxOrder order, OffsetDateTime collectedAt) {
        return new KdniaoPush.Trace(KdniaoTime.format(collectedAt), "【" + senderCity(order) + "】快递员已揽收",
                senderCity(order), COLLECTED, null);
    }

    private static String senderCity(SandboxOrder order) {
        return city(order, "Sender");
    }

    private static String receiverCity(SandboxOrder order) {
        return city(order, "Receiver");
    }

    private static String city(SandboxOrder order, String party) {
        try {
            JsonNode city = KdniaoJson.tree(order.requestPayload()).path(party).path("CityName");
            return city.isTextual() && !city.asText().isBlank() ? city.asText() : "沙箱";
        } catch (Exception unreadable) {
            return "沙箱";
        }
    }
}
