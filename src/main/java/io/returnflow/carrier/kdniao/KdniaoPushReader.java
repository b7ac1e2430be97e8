package io.returnflow.carrier.kdniao;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.returnflow.carrier.TrackingState;
import io.returnflow.carrier.TrackingUpdate;

/**
 * Turns push entries into the product's {@link TrackingUpdate}s: one entry, one update.
 * The time and place are those of the latest trace (by AcceptTime), else the push time.
 */
public final class KdniaoPushReader {

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
     * The update an entry reports.
     *
     * @param pushTime the push's time, used when the entry has no traces (may be null)
     * @param fallback the time used when neither traces nor push carry one (when it was received)
     */
    public TrackingUpdate toUpdate(String requestType, KdniaoPush.Entry entry, OffsetDateTime pushTime,
                                   OffsetDateTime fallback) throws UnreadablePushException {
        Optional<TrackingState> state = mapping.map(requestType, entry.state(), entry.stateEx());
        if (state.isEmpty() && KdniaoStateMapping.PICKUP_PUSH.equals(requestType)) {
            // a 103 push whose State is a tracking state (some carriers send that)
            state = mapping.trackingState(entry.state(), entry.stateEx());
        }
        if (state.isEmpty()) {
            throw new UnreadablePushException("unknown Kdniao " + requestType + " state " + entry.state()
                    + (blank(entry.stateEx()) ? "" : "/" + entry.stateEx()));
        }
        Optional<TimedTrace> latest = latest(entry.traces());
        OffsetDateTime at = latest.map(TimedTrace::at)
                .orElse(pushTime != null ? pushTime : fallback);
        String station = latest.map(t -> firstNonBlank(t.trace().location(), entry.location()))
                .orElse(blankToNull(entry.location()));
        String description = latest.map(t -> blankToNull(t.trace().acceptStation()))
                .orElse(blankToNull(entry.reason()));
        return new TrackingUpdate(blankToNull(entry.callBack()), blankToNull(entry.orderCode()),
                blankToNull(entry.logisticCode()), state.get(), at, station, description);
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
