package io.returnflow.carrier.kdniao;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.returnflow.carrier.TrackingState;

/**
 * The one place where Kdniao's codes become the product's {@link TrackingState}s. Kdniao speaks two
 * vocabularies whose numbers overlap (301 and 302 mean "signed" variants in one and "collected" and
 * "waybill changed" in the other), so each push type is read in its own table only, and a code that is
 * not in its table maps to nothing: the inbox parks the entry for operations instead of guessing.
 *
 * <p><b>Waybill tracking</b> (101 pushes, 1002 answers): {@code State} is the coarse state, {@code StateEx}
 * (sent by the value-added products; absent from the standard ones) the detail. When {@code StateEx} is
 * there it decides, and it must be a documented code; without it, {@code State} decides. A signature needs
 * both to say so: {@code State} 3 and either no detail or a documented signature detail (3, 301 normal,
 * 302 signed after a delivery problem, 304 signed by an agent, 311 taken from a locker or station). A
 * signature detail under another {@code State} is a contradiction and maps to nothing. 404 (refused,
 * going back), 406 (signed as returned to sender) and 407 (returning, not signed) are
 * {@link TrackingState#RETURNED_TO_SENDER}; every other 4xx a problem.
 *
 * <p><b>Pickup status</b> (103 pushes, Kdniao's 上门取件 状态推送): see {@link #PICKUP_CODES}. Only 3
 * (订单签收) is a signature there; 302 is a waybill change.
 */
public final class KdniaoStateMapping {

    /** The instruction codes of the two pushes. */
    public static final String TRACKING_PUSH = "101";
    public static final String PICKUP_PUSH = "103";

    /** Waybill tracking {@code State} codes, with Kdniao's meaning. */
    public static final Map<String, Code> TRACKING_STATES = table(
            new Code("0", "暂无轨迹 no trace yet", TrackingState.BOOKED),
            new Code("1", "已揽收 collected", TrackingState.COLLECTED),
            new Code("2", "在途中 in transit", TrackingState.IN_TRANSIT),
            new Code("3", "签收 signed", TrackingState.SIGNED),
            new Code("4", "问题件 problem parcel", TrackingState.EXCEPTION),
            new Code("5", "转寄 forwarded", TrackingState.IN_TRANSIT),
            new Code("6", "清关 customs", TrackingState.IN_TRANSIT));

    /** Waybill tracking {@code StateEx} details, with Kdniao's meaning. */
    public static final Map<String, Code> TRACKING_DETAILS = table(
            new Code("1", "已揽收 collected", TrackingState.COLLECTED),
            new Code("10", "待揽件 waiting for collection", TrackingState.BOOKED),
            new Code("2", "在途中 in transit", TrackingState.IN_TRANSIT),
            new Code("201", "到达派件城市 arrived in the delivery city", TrackingState.IN_TRANSIT),
            new Code("202", "派件中 out for delivery", TrackingState.IN_TRANSIT),
            new Code("204", "到达转运中心 arrived at a hub", TrackingState.IN_TRANSIT),
            new Code("205", "到达派件网点 arrived at the delivery branch", TrackingState.IN_TRANSIT),
            new Code("206", "寄件网点发件 left the sending branch", TrackingState.IN_TRANSIT),
            new Code("211", "已放入快递柜或驿站 put in a locker or station", TrackingState.IN_TRANSIT),
            new Code("3", "已签收 signed", TrackingState.SIGNED),
            new Code("301", "正常签收 signed normally", TrackingState.SIGNED),
            new Code("302", "派件异常后最终签收 signed after a delivery problem", TrackingState.SIGNED),
            new Code("304", "代收签收 signed by an agent", TrackingState.SIGNED),
            new Code("311", "快递柜或驿站签收 taken from a locker or station", TrackingState.SIGNED),
            new Code("4", "问题件 problem parcel", TrackingState.EXCEPTION),
            new Code("401", "发货无信息 no shipping information", TrackingState.EXCEPTION),
            new Code("402", "超时未签收 not signed in time", TrackingState.EXCEPTION),
            new Code("403", "超时未更新 no update in time", TrackingState.EXCEPTION),
            new Code("404", "拒收(退件) refused, going back", TrackingState.RETURNED_TO_SENDER),
            new Code("405", "派件异常 delivery problem", TrackingState.EXCEPTION),
            new Code("406", "退货签收 signed as returned to sender", TrackingState.RETURNED_TO_SENDER),
            new Code("407", "退货未签收 returning to sender, not signed", TrackingState.RETURNED_TO_SENDER),
            new Code("412", "快递柜或驿站超时未取 not taken from a locker in time", TrackingState.EXCEPTION),
            new Code("413", "单号已拦截 intercepted", TrackingState.EXCEPTION),
            new Code("414", "破损 damaged", TrackingState.EXCEPTION),
            new Code("415", "客户取消发货 sender cancelled", TrackingState.EXCEPTION),
            new Code("416", "无法联系 cannot reach the receiver", TrackingState.EXCEPTION),
            new Code("417", "配送延迟 delivery delayed", TrackingState.EXCEPTION),
            new Code("418", "快件取出 taken out", TrackingState.EXCEPTION),
            new Code("419", "重新派送 delivered again", TrackingState.EXCEPTION),
            new Code("420", "收货地址不详细 address incomplete", TrackingState.EXCEPTION),
            new Code("421", "收件人电话错误 receiver's phone wrong", TrackingState.EXCEPTION),
            new Code("422", "错分件 mis-sorted", TrackingState.EXCEPTION),
            new Code("423", "超区件 outside the service area", TrackingState.EXCEPTION),
            new Code("5", "转寄 forwarded", TrackingState.IN_TRANSIT),
            new Code("6", "清关 customs", TrackingState.IN_TRANSIT),
            new Code("601", "待清关 waiting for customs", TrackingState.IN_TRANSIT),
            new Code("602", "清关中 in customs", TrackingState.IN_TRANSIT),
            new Code("603", "已清关 cleared customs", TrackingState.IN_TRANSIT),
            new Code("604", "清关异常 customs problem", TrackingState.EXCEPTION));

    /**
     * Pickup-status {@code State} codes (103), with Kdniao's meaning. What each does to a return is the
     * journey's business; here only what the carrier said.
     */
    public static final Map<String, Code> PICKUP_CODES = table(
            new Code("99", "调度失败 dispatch to a carrier failed", TrackingState.PICKUP_FAILED),
            new Code("102", "分配网点 branch assigned", TrackingState.BOOKED),
            new Code("103", "分配快递员 courier assigned", TrackingState.COURIER_ASSIGNED),
            new Code("104", "上门取件 courier at the door (not a collection)", TrackingState.COURIER_AT_DOOR),
            new Code("120", "运单号 waybill number assigned", TrackingState.WAYBILL_CHANGED),
            new Code("301", "已揽件 collected", TrackingState.COLLECTED),
            new Code("109", "调派 re-dispatched to another carrier", TrackingState.REDISPATCHED),
            new Code("203", "取消 cancelled by the carrier", TrackingState.PICKUP_FAILED),
            new Code("206", "虚假揽件 fake collection", TrackingState.FAKE_COLLECTION),
            new Code("208", "修改重量 weight and fees revised", TrackingState.CHARGED),
            new Code("302", "更换运单号 waybill number changed", TrackingState.WAYBILL_CHANGED),
            new Code("402", "修改订单结果 result of an order change", TrackingState.ORDER_CHANGED),
            new Code("2", "在途中 in transit", TrackingState.IN_TRANSIT),
            new Code("3", "订单签收 signed", TrackingState.SIGNED),
            new Code("601", "结算费用 settlement fee", TrackingState.CHARGED));

    private static final Set<String> TRACKING_REQUESTS = Set.of(TRACKING_PUSH, KdniaoCarrierGateway.QUERY_TRACKING);

    /** A documented code, its meaning in Kdniao's words (and ours), and the product's state for it. */
    public record Code(String code, String meaning, TrackingState state) {
    }

    /**
     * The state of one {@code Data} entry of a push or answer of the given instruction code; empty when
     * the code is not documented in that instruction's vocabulary (or the instruction carries no states).
     */
    public Optional<TrackingState> map(String requestType, String state, String stateEx) {
        String type = trim(requestType);
        if (PICKUP_PUSH.equals(type)) {
            return pickupState(state);
        }
        if (TRACKING_REQUESTS.contains(type)) {
            return trackingState(state, stateEx);
        }
        return Optional.empty();
    }

    /** A 103 pickup-status code. */
    public Optional<TrackingState> pickupState(String state) {
        return Optional.ofNullable(PICKUP_CODES.get(trim(state))).map(Code::state);
    }

    /** A 101 / 1002 tracking state, decided by its detail when there is one. */
    public Optional<TrackingState> trackingState(String state, String stateEx) {
        String coarse = trim(state);
        String detail = trim(stateEx);
        Optional<TrackingState> mapped = detail.isEmpty()
                ? Optional.ofNullable(TRACKING_STATES.get(coarse)).map(Code::state)
                : Optional.ofNullable(TRACKING_DETAILS.get(detail)).map(Code::state);
        if (mapped.isPresent() && mapped.get() == TrackingState.SIGNED && !"3".equals(coarse)) {
            // a signature detail under another State: the two disagree, and nothing is guessed
            return Optional.empty();
        }
        return mapped;
    }

    private static Map<String, Code> table(Code... codes) {
        Map<String, Code> table = new LinkedHashMap<>();
        for (Code code : codes) {
            if (table.put(code.code(), code) != null) {
                throw new IllegalStateException("code " + code.code() + " twice in one vocabulary");
            }
        }
        return java.util.Collections.unmodifiableMap(table);
    }

    private static String trim(String code) {
        return code == null ? "" : code.trim();
    }
}
