package io.returnflow.carrier.sandbox;

import java.util.Locale;

/**
 * What the sandbox courier does with a pickup order, chosen by magic values in the 1801 request, like a
 * payment provider's test cards (see API.md, "Sandbox"):
 * <ul>
 *   <li>{@code sandbox:no-show} in Sender.Address: the first attempt (order code ending in {@code -1}) is
 *       never collected; later attempts go normally;</li>
 *   <li>{@code sandbox:no-show-always} in Sender.Address: never collected;</li>
 *   <li>{@code sandbox:lost} in Sender.Address, or {@code S-LOST} in Remark (the store id of a store
 *       shipment): collected but never signed for;</li>
 *   <li>{@code sandbox:carrier-cancels} in Sender.Address: the carrier cancels the first attempt (103 State
 *       203) instead of collecting; later attempts go normally;</li>
 *   <li>{@code sandbox:waybill-change} in Sender.Address: collected, then the waybill is changed (103 State
 *       302) and the parcel is signed for on the new one;</li>
 *   <li>{@code sandbox:returned} in Sender.Address: collected, then signed for as returned to its sender
 *       (101 State 3, StateEx 406);</li>
 *   <li>otherwise collected, then signed for.</li>
 * </ul>
 * And one magic value that is no scenario of the courier: {@code sandbox:carrier-unreachable} in Sender.Address makes
 * the carrier unreachable for that pickup ({@link #unreachable}): every 1801 for it is answered as an outage would be,
 * so its booking job fails, retries and ends in an incident.
 */
public enum SandboxScenario {
    NORMAL,
    NEVER_COLLECTED,
    LOST,
    CARRIER_CANCELS,
    WAYBILL_CHANGE,
    RETURNED;

    static final String NO_SHOW = "sandbox:no-show";
    static final String NO_SHOW_ALWAYS = "sandbox:no-show-always";
    static final String LOST_MARK = "sandbox:lost";
    static final String LOST_STORE = "S-LOST";
    static final String CARRIER_CANCELS_MARK = "sandbox:carrier-cancels";
    static final String WAYBILL_CHANGE_MARK = "sandbox:waybill-change";
    static final String RETURNED_MARK = "sandbox:returned";
    static final String UNREACHABLE_MARK = "sandbox:carrier-unreachable";
    private static final String FIRST_ATTEMPT_SUFFIX = "-1";

    /**
     * Whether the carrier is down for a pickup from this address ({@code sandbox:carrier-unreachable}): no order is
     * taken, and the gateway answers like a load balancer whose carrier is gone (503, no Kdniao answer), every time.
     */
    public static boolean unreachable(String senderAddress) {
        return senderAddress != null && senderAddress.toLowerCase(Locale.ROOT).contains(UNREACHABLE_MARK);
    }

    public static SandboxScenario of(String orderCode, String senderAddress, String remark) {
        String address = senderAddress == null ? "" : senderAddress.toLowerCase(Locale.ROOT);
        String note = remark == null ? "" : remark.toUpperCase(Locale.ROOT);
        if (address.contains(NO_SHOW_ALWAYS)) {
            return NEVER_COLLECTED;
        }
        if (address.contains(NO_SHOW)) {
            return orderCode != null && orderCode.endsWith(FIRST_ATTEMPT_SUFFIX) ? NEVER_COLLECTED : NORMAL;
        }
        if (address.contains(CARRIER_CANCELS_MARK)) {
            return orderCode != null && orderCode.endsWith(FIRST_ATTEMPT_SUFFIX) ? CARRIER_CANCELS : NORMAL;
        }
        if (address.contains(WAYBILL_CHANGE_MARK)) {
            return WAYBILL_CHANGE;
        }
        if (address.contains(RETURNED_MARK)) {
            return RETURNED;
        }
        if (address.contains(LOST_MARK) || note.contains(LOST_STORE)) {
            return LOST;
        }
        return NORMAL;
    }
}
