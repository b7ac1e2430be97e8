package io.returnflow.carrier.kdniao;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.returnflow.carrier.TrackingState;

/**
 * The one place where Kdniao's codes become the product's {@link TrackingState}s.
 *
 * <p><b>Tracking pushes (101) and queries (1002)</b> carry {@code State} and the finer {@code StateEx}.
 * {@code StateEx} decides when it is known, because it separates a real receipt from a parcel that is
 * signed for <em>on its way back</em>:
 * <ul>
 *   <li>10 waiting for collection → BOOKED; 1 / 1xx collected → COLLECTED; 2xx in-transit details
 *       (201, 202, 211, …) → IN_TRANSIT;</li>
 *   <li>3, 301, 302, 304, 311 and other 3xx signed variants → SIGNED;</li>
 *   <li>404 (rejected, going back) and 406 (signed as returned to sender) → RETURNED_TO_SENDER;
 *       407 and every other 4xx problem → EXCEPTION. These are never receipt, whatever {@code State}
 *       says.</li>
 * </ul>
 * Without a known {@code StateEx}, {@code State}: 0 → BOOKED, 1 → COLLECTED, 2 → IN_TRANSIT, 3 → SIGNED,
 * 4 → EXCEPTION, 5 (forwarded) and 6 (customs) → IN_TRANSIT.
 *
 * <p><b>Pickup-status pushes (103)</b> carry the pickup order's status in {@code State}. Kdniao's public
 * documentation available to us does not list these codes, so the defaults below are <em>unconfirmed</em>
 * and can be overridden per code with {@code returnflow.carrier.kdniao.pickup-states}:
 * 99 dispatch failed → EXCEPTION, 102 order accepted by the branch → BOOKED, 103 courier assigned →
 * COURIER_ASSIGNED, 104 parcel collected → COLLECTED, 109 courier at the door → COURIER_ASSIGNED,
 * 203 cancelled (nothing will be collected) → EXCEPTION, 301 collected (揽件) → COLLECTED.
 * A 103 push that instead carries a tracking-style {@code State} 1 with a waybill is read as collected.
 *
 * <p>An unknown code maps to nothing: the inbox parks it for operations instead of guessing.
 */
public final class KdniaoStateMapping {

    /** The instruction codes of the two pushes. */
    public static final String TRACKING_PUSH = "101";
    public static final String PICKUP_PUSH = "103";

    private static final Map<String, TrackingState> PICKUP_DEFAULTS = Map.of(
            "99", TrackingState.EXCEPTION,
            "102", TrackingState.BOOKED,
            "103", TrackingState.COURIER_ASSIGNED,
            "104", TrackingState.COLLECTED,
            "109", TrackingState.COURIER_ASSIGNED,
            "203", TrackingState.EXCEPTION,
            "301", TrackingState.COLLECTED);

    private final Map<String, TrackingState> pickupStates;

    /** The mapping with the default pickup-status codes. */
    public KdniaoStateMapping() {
        this(Map.of());
    }

    /** The mapping with some pickup-status codes overridden (from configuration). */
    public KdniaoStateMapping(Map<String, TrackingState> pickupOverrides) {
        Map<String, TrackingState> merged = new HashMap<>(PICKUP_DEFAULTS);
        merged.putAll(pickupOverrides);
        this.pickupStates = Map.copyOf(merged);
    }

    /** The state of one {@code Data} entry of a push of the given instruction code. */
    public Optional<TrackingState> map(String requestType, String state, String stateEx) {
        if (PICKUP_PUSH.equals(requestType)) {
            return pickupState(state);
        }
        return trackingState(state, stateEx);
    }

    /** A 103 pickup-status code. */
    public Optional<TrackingState> pickupState(String state) {
        return Optional.ofNullable(pickupStates.get(trim(state)));
    }

    /** A 101 / 1002 tracking state, refined by StateEx when that is known. */
    public Optional<TrackingState> trackingState(String state, String stateEx) {
        Optional<TrackingState> detailed = stateEx(trim(stateEx));
        if (detailed.isPresent()) {
            return detailed;
        }
        String s = trim(state);
        Optional<TrackingState> coarse = coarse(s);
        if (coarse.isPresent()) {
            return coarse;
        }
        // some carriers put the detailed code into State itself
        return s.length() >= 2 ? stateEx(s) : Optional.empty();
    }

    private static Optional<TrackingState> coarse(String state) {
        return Optional.ofNullable(switch (state) {
            case "0" -> TrackingState.BOOKED;
            case "1" -> TrackingState.COLLECTED;
            case "2", "5", "6" -> TrackingState.IN_TRANSIT;
            case "3" -> TrackingState.SIGNED;
            case "4" -> TrackingState.EXCEPTION;
            default -> null;
        });
    }

    private static Optional<TrackingState> stateEx(String code) {
        if (code.isEmpty()) {
            return Optional.empty();
        }
        if (code.length() == 1) {
            // a one-digit detail is the coarse state itself (StateEx 3 = signed, normal)
            return coarse(code);
        }
        switch (code) {
            case "10":
                return Optional.of(TrackingState.BOOKED);
            case "404", "406":
                return Optional.of(TrackingState.RETURNED_TO_SENDER);
            default:
                break;
        }
        if (code.length() != 3 || !code.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (code.charAt(0)) {
            case '1' -> TrackingState.COLLECTED;
            case '2' -> TrackingState.IN_TRANSIT;
            case '3' -> TrackingState.SIGNED;
            case '4' -> TrackingState.EXCEPTION;
            default -> null;
        });
    }

    private static String trim(String code) {
        return code == null ? "" : code.trim();
    }
}
