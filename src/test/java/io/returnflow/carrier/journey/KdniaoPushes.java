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

    /** 103 pickup status 104: the courier collected the parcel. */
    String collected(OffsetDateTime at) {
        Map<String, Object> entry = entry();
        entry.put("Success", "true");
        entry.put("Reason", "");
        entry.put("State", 104);
        entry.put("CreateTime", KdniaoTime.format(at));
        entry.put("PickerInfo", map("PersonName", "李师傅", "PersonCode", "755A123", "StationName", "南山科技园营业点"));
        return push(at.plusSeconds(4), entry);
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
