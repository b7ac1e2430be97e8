package io.returnflow.carrier.kdniao;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.returnflow.carrier.CarrierCharge;
import io.returnflow.carrier.TrackingState;
import io.returnflow.carrier.TrackingUpdate;

/**
 * Turns push entries into the product's {@link TrackingUpdate}s: one entry, one update.
 * The time and place are those of the latest trace (by AcceptTime), else the push time.
 */
final class KdniaoPushReader {

    private final KdniaoStateMapping mapping;

    public KdniaoPushReader(KdniaoStateMapping mapping) {
        this.mapping = mapping;
    }

    /** Reads a whole RequestData; throws when it is not a push. */
    public static KdniaoPush readPush(String requestData) throws UnreadablePushException {
        try {
            KdniaoPush push = KdniaoJson.read(requestData, KdniaoPush.class);
            if (push == null) {
                throw new UnreadablePushException("RequestData is empty");
            }
            return push;
        } catch (JsonProcessingException e) {
            throw new UnreadablePushException("RequestData is not a Kdniao push: " + e.getOriginalMessage());
        }
    }

    /** Reads one stored entry (its JSON text). */
    public static KdniaoPush.Entry readEntry(String entryJson) throws UnreadablePushException {
        try {
            KdniaoPush.Entry entry = KdniaoJson.read(entryJson, KdniaoPush.Entry.class);
            if (entry == null) {
                throw new UnreadablePushException("the entry is empty");
            }
            return entry;
        } catch (JsonProcessingException e) {
            throw new UnreadablePushException("the entry is not a Kdniao push entry: " + e.getOriginalMessage());
        }
    }

    /**
     * The update an entry reports, read in the vocabulary of its instruction code only.
     *
     * @param pushTime the push's time, used when the entry has no traces nor time of its own (may be null)
     * @param fallback the time used when neither traces nor push carry one (when it was received)
     * @throws UnreadablePushException when its code is not documented in its vocabulary, or it lacks what
     *                                 its code must carry (e.g. a waybill change without the new waybill)
     */
    public TrackingUpdate toUpdate(String requestType, KdniaoPush.Entry entry, OffsetDateTime pushTime,
                                   OffsetDateTime fallback) throws UnreadablePushException {
        for (String key : new String[] {entry.orderCode(), entry.logisticCode(), entry.callBack(), entry.shipperCode()}) {
            if (key != null && key.chars().anyMatch(Character::isISOControl)) {
                throw new UnreadablePushException("an OrderCode, LogisticCode, CallBack or ShipperCode holds control"
                        + " characters, which no code of ours or the carrier's does");
            }
        }
        TrackingState state = mapping.map(requestType, entry.state(), entry.stateEx())
                .orElseThrow(() -> new UnreadablePushException("unknown Kdniao " + requestType + " state "
                        + entry.state() + (blank(entry.stateEx()) ? "" : "/" + entry.stateEx())));
        boolean pickupOrder = KdniaoStateMapping.PICKUP_PUSH.equals(requestType == null ? null : requestType.trim());
        Optional<TimedTrace> latest = latest(entry.traces());
        OffsetDateTime at = latest.map(TimedTrace::at)
                .or(() -> KdniaoTime.parse(entry.createTime()))
                .orElse(pushTime != null ? pushTime : fallback);
        String station = latest.map(t -> firstNonBlank(t.trace().location(), entry.location()))
                .orElse(blankToNull(entry.location()));
        String description = latest.map(t -> blankToNull(t.trace().acceptStation()))
                .orElse(blankToNull(entry.reason()));
        return new TrackingUpdate(blankToNull(entry.callBack()), blankToNull(entry.orderCode()),
                blankToNull(entry.logisticCode()), state, at, station, description,
                pickupOrder ? TrackingUpdate.Report.PICKUP_ORDER : TrackingUpdate.Report.WAYBILL_TRACKING,
                courier(entry), amendment(state, entry), charge(state, entry));
    }

    private static TrackingUpdate.Courier courier(KdniaoPush.Entry entry) {
        if (entry.pickerInfo().isEmpty()) {
            return null;
        }
        KdniaoPush.PickerInfo picker = entry.pickerInfo().get(0);
        TrackingUpdate.Courier courier = new TrackingUpdate.Courier(
                firstNonBlank(picker.personName(), picker.stationName()),
                firstNonBlank(picker.personTel(), picker.stationTel()), blankToNull(picker.pickupCode()));
        return courier.isEmpty() ? null : courier;
    }

    private static TrackingUpdate.Amendment amendment(TrackingState state, KdniaoPush.Entry entry)
            throws UnreadablePushException {
        String waybill = blankToNull(entry.logisticCode());
        String carrier = blankToNull(entry.shipperCode());
        return switch (state) {
            case WAYBILL_CHANGED -> {
                if (waybill == null) {
                    throw new UnreadablePushException("Kdniao 103 state " + entry.state() + " names no new waybill");
                }
                yield new TrackingUpdate.Amendment(null, waybill, null, blankToNull(entry.oldLogisticCode()), null,
                        true);
            }
            case REDISPATCHED -> {
                if (carrier == null) {
                    throw new UnreadablePushException("Kdniao 103 state 109 (re-dispatch) names no new carrier");
                }
                yield new TrackingUpdate.Amendment(carrier, waybill, blankToNull(entry.oldShipperCode()),
                        blankToNull(entry.oldLogisticCode()), null, true);
            }
            case ORDER_CHANGED -> switch (entry.updateStatus() == null ? "" : entry.updateStatus().trim()) {
                case "0" -> new TrackingUpdate.Amendment(carrier, waybill, null, null,
                        blankToNull(entry.kdnOrderCodeNew()), true);
                case "1" -> new TrackingUpdate.Amendment(null, null, null, null, null, false);
                default -> throw new UnreadablePushException("Kdniao 103 state 402 (order change) with UpdateStatus "
                        + entry.updateStatus() + ", which is neither 0 (changed) nor 1 (unchanged)");
            };
            default -> null;
        };
    }

    private static CarrierCharge charge(TrackingState state, KdniaoPush.Entry entry) throws UnreadablePushException {
        if (state != TrackingState.COLLECTED && state != TrackingState.CHARGED) {
            return null;
        }
        Map<String, BigDecimal> lines = new LinkedHashMap<>();
        putAmount(lines, "FirstWeightAmount", entry.firstWeightAmount());
        putAmount(lines, "ContinuousWeightAmount", entry.continuousWeightAmount());
        putAmount(lines, "InsureAmount", entry.insureAmount());
        putAmount(lines, "PackageFee", entry.packageFee());
        putAmount(lines, "OverFee", entry.overFee());
        putAmount(lines, "OtherFee", entry.otherFee());
        CarrierCharge.Kind kind = "601".equals(entry.state() == null ? null : entry.state().trim())
                ? CarrierCharge.Kind.SETTLEMENT : CarrierCharge.Kind.COLLECTION;
        CarrierCharge charge = new CarrierCharge(kind, amount(entry.weight()), amount(entry.volume()),
                amount(entry.totalFee()), amount(entry.cost()), lines);
        if (charge.isEmpty()) {
            if (state == TrackingState.CHARGED) {
                throw new UnreadablePushException("Kdniao 103 state " + entry.state() + " carries no weight or fee");
            }
            return null;
        }
        return charge;
    }

    private static void putAmount(Map<String, BigDecimal> lines, String name, String text) {
        BigDecimal value = amount(text);
        if (value != null) {
            lines.put(name, value);
        }
    }

    /** An amount or weight as Kdniao wrote it; blank or unreadable: none (the carrier's figure is only kept). */
    private static BigDecimal amount(String text) {
        if (blank(text)) {
            return null;
        }
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException unreadable) {
            return null;
        }
    }

    private static Optional<TimedTrace> latest(List<KdniaoPush.Trace> traces) {
        // the list is chronological in practice, but take the latest by time, and the later of equals
        TimedTrace best = null;
        for (KdniaoPush.Trace trace : traces) {
            Optional<OffsetDateTime> at = KdniaoTime.parse(trace.acceptTime());
            if (at.isPresent() && (best == null || !at.get().isBefore(best.at()))) {
                best = new TimedTrace(trace, at.get());
            }
        }
        return Optional.ofNullable(best);
    }

    private record TimedTrace(KdniaoPush.Trace trace, OffsetDateTime at) {
    }

    private static String firstNonBlank(String a, String b) {
        return !blank(a) ? a : blankToNull(b);
    }

    private static String blankToNull(String text) {
        return blank(text) ? null : text;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /** RequestData or an entry that is not what Kdniao documents. */
    public static class UnreadablePushException extends Exception {
        public UnreadablePushException(String message) {
            super(message);
        }
    }
}
