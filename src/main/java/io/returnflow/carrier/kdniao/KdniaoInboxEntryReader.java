package io.returnflow.carrier.kdniao;

import java.util.Set;

import io.returnflow.carrier.TrackingUpdate;
import io.returnflow.carrier.inbox.InboxEntry;
import io.returnflow.carrier.inbox.InboxEntryReader;
import org.springframework.stereotype.Component;

/**
 * Reads the Kdniao entries in the carrier inbox: what the webhook stored of 101 and 103 pushes, and the
 * answers to 1002 tracking queries, which have the same shape as a 101 entry.
 */
@Component
public class KdniaoInboxEntryReader implements InboxEntryReader {

    private static final Set<String> HANDLED = Set.of(KdniaoStateMapping.TRACKING_PUSH,
            KdniaoStateMapping.PICKUP_PUSH, KdniaoCarrierGateway.QUERY_TRACKING);

    private final KdniaoPushReader reader;

    public KdniaoInboxEntryReader() {
        this.reader = new KdniaoPushReader(new KdniaoStateMapping());
    }

    @Override
    public TrackingUpdate read(InboxEntry entry) throws UnreadableEntryException {
        if (!HANDLED.contains(entry.requestType())) {
            throw new UnreadableEntryException("Kdniao request type " + entry.requestType() + " is not handled");
        }
        try {
            KdniaoPush.Entry pushed = KdniaoPushReader.readEntry(entry.payload());
            return reader.toUpdate(entry.requestType(), pushed, entry.pushedAt(), entry.receivedAt());
        } catch (KdniaoPushReader.UnreadablePushException e) {
            throw new UnreadableEntryException(e.getMessage());
        }
    }

    /** The entry's ShipperCode. */
    @Override
    public String carrier(InboxEntry entry) {
        try {
            String shipper = KdniaoPushReader.readEntry(entry.payload()).shipperCode();
            return shipper == null || shipper.isBlank() ? null : shipper.trim();
        } catch (KdniaoPushReader.UnreadablePushException e) {
            return null;
        }
    }
}
