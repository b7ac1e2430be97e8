package io.returnflow.carrier.journey;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.returnflow.carrier.kdniao.KdniaoTime;

/**
 * RequestData of the pushes Kdniao sends for one of our pickup orders, in the shape of the recorded
 * payloads under {@code src/test/resources/kdniao/}: OrderCode {@code RF-{returnId}-1}, CallBack the
 * return id, times in China time without an offset.
 */
final class KdniaoPushes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String businessId;
    private final String returnId;
    private final String waybill;

    KdniaoPushes(String businessId, String returnId, String waybill) {
        this.businessId = businessId;
        this.returnId = returnId;
        this.waybill = waybill;
    }

    String orderCode() {
        return "RF-" + returnId + "-1";
    }

    String waybill() {
        return waybill;
    }

    /** 103 pickup status 301 (已揽件): the courier collected the parcel, with its weight and fees. */
    String collected(OffsetDateTime at) {
        Map<String, Object> entry = pickupStatus(301, at);
        entry.put("PickerInfo", List.of(map("PersonName", "李师傅", "PersonTel", "13900000000", "PersonCode", "755A123",
                "PickupCode", "4821")));
        entry.put("Weight", 1.2);
        entry.put("Cost", 12.0);
        entry.put("TotalFee", 14.5);
        entry.put("FirstWeightAmount", "12.00");
        entry.put("ContinuousWeightAmount", "2.00");
        entry.put("InsureAmount", "0.50");
        return push(at.plusSeconds(4), entry);
    }

    /** 103 pickup status 103 (分配快递员): the courier who comes, and the code the buyer gives them. */
    String courierAssigned(OffsetDateTime at, String pickupCode) {
        Map<String, Object> entry = pickupStatus(103, at);
        entry.put("PickerInfo", List.of(map("PersonName", "王师傅", "PersonTel", "13800000000", "PersonCode", "755B77",
                "PickupCode", pickupCode)));
        return push(at.plusSeconds(4), entry);
    }

    /** 103 pickup status 104 (上门取件): the courier is at the door; nothing is collected yet. */
    String courierAtTheDoor(OffsetDateTime at) {
        return push(at.plusSeconds(4), pickupStatus(104, at));
    }

    /** 103 pickup status 302 (更换运单号): the shipment travels on {@code newWaybill} now. */
    String waybillChanged(OffsetDateTime at, String newWaybill) {
        Map<String, Object> entry = pickupStatus(302, at);
        entry.put("LogisticCode", newWaybill);
        entry.put("Reason", "更换运单号");
        return push(at.plusSeconds(4), entry);
    }

    /** 103 pickup status 109 (调派): re-dispatched to another carrier, with the old ones named. */
    String redispatched(OffsetDateTime at, String oldCarrier, String oldWaybill, String newCarrier, String newWaybill) {
        Map<String, Object> entry = pickupStatus(109, at);
        entry.put("ShipperCode", newCarrier);
        entry.put("LogisticCode", newWaybill);
        entry.put("OldShipperCode", oldCarrier);
        entry.put("OldLogisticCode", oldWaybill);
        return push(at.plusSeconds(4), entry);
    }

    /** 103 pickup status 206 (虚假揽件): the collection a courier claimed did not happen. */
    String fakeCollection(OffsetDateTime at) {
        Map<String, Object> entry = pickupStatus(206, at);
        entry.put("Reason", "虚假揽件");
        return push(at.plusSeconds(4), entry);
    }

    /** 103 pickup status 203 (取消): the carrier cancelled the order. */
    String cancelledByCarrier(OffsetDateTime at) {
        Map<String, Object> entry = pickupStatus(203, at);
        entry.put("Reason", "运力不足，无法上门");
        return push(at.plusSeconds(4), entry);
    }

    /** 103 pickup status 3 (订单签收), on the waybill given. */
    String pickupOrderSigned(OffsetDateTime at, String onWaybill) {
        Map<String, Object> entry = pickupStatus(3, at);
        entry.put("LogisticCode", onWaybill);
        return push(at.plusSeconds(4), entry);
    }

    /** 101 full snapshot of the waybill given, signed at the warehouse (State 3, StateEx 301). */
    String signedOn(String onWaybill, OffsetDateTime collectedAt, OffsetDateTime signedAt) {
        String text = signed(collectedAt, signedAt);
        return text.replace("\"LogisticCode\":\"" + waybill + "\"", "\"LogisticCode\":\"" + onWaybill + "\"");
    }

    /** 101 full snapshot of the waybill given, signed for as returned to its sender (State 3, StateEx 406). */
    String returnedToSenderOn(String onWaybill, OffsetDateTime collectedAt, OffsetDateTime returnedAt) {
        String text = returnedToSender(collectedAt, returnedAt);
        return text.replace("\"LogisticCode\":\"" + waybill + "\"", "\"LogisticCode\":\"" + onWaybill + "\"");
    }

    private Map<String, Object> pickupStatus(int state, OffsetDateTime at) {
        Map<String, Object> entry = entry();
        entry.put("Success", "true");
        entry.put("Reason", "");
        entry.put("State", state);
        entry.put("KDNOrderCode", "KDN" + returnId);
        entry.put("CreateTime", KdniaoTime.format(at));
        return entry;
    }

    /** 101 full snapshot, signed at the warehouse (State 3, StateEx 301). */
    String signed(OffsetDateTime collectedAt, OffsetDateTime signedAt) {
        return tracking("3", "301", List.of(
                trace(collectedAt, "【深圳市】顺丰速运 已收取快件", "1"),
                trace(collectedAt.plusHours(2), "快件到达 【深圳宝安集散中心】", "2"),
                trace(signedAt, "【深圳市】快件已签收，签收人：退货仓", "301")), signedAt);
    }

    /** 101 full snapshot of a parcel signed for as returned to its sender (State 3, StateEx 406). */
    String returnedToSender(OffsetDateTime collectedAt, OffsetDateTime returnedAt) {
        return tracking("3", "406", List.of(
                trace(collectedAt, "【深圳市】顺丰速运 已收取快件", "1"),
                trace(collectedAt.plusHours(1), "快件拒收，退回寄件人", "404"),
                trace(returnedAt, "退回件已签收", "406")), returnedAt);
    }

    private String tracking(String state, String stateEx, List<Map<String, Object>> traces, OffsetDateTime last) {
        Map<String, Object> entry = entry();
        entry.put("Success", true);
        entry.put("State", state);
        entry.put("StateEx", stateEx);
        entry.put("Location", "深圳市");
        entry.put("Traces", new ArrayList<>(traces));
        return push(last.plusMinutes(3), entry);
    }

    private Map<String, Object> entry() {
        return map("EBusinessID", businessId, "OrderCode", orderCode(), "ShipperCode", "SF", "LogisticCode", waybill,
                "CallBack", returnId);
    }

    private String push(OffsetDateTime pushTime, Map<String, Object> entry) {
        Map<String, Object> push = map("EBusinessID", businessId, "PushTime", KdniaoTime.format(pushTime),
                "Count", 1, "Data", List.of(entry));
        try {
            return JSON.writeValueAsString(push);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> trace(OffsetDateTime at, String station, String action) {
        return map("AcceptTime", KdniaoTime.format(at), "AcceptStation", station, "Location", "深圳市",
                "Action", action, "Remark", "");
    }

    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
