package io.returnflow.carrier.kdniao;

import io.returnflow.carrier.TrackingUpdate;
import io.returnflow.carrier.inbox.InboxEntry;
import io.returnflow.carrier.inbox.InboxEntryReader;
import org.springframework.stereotype.Component;

/** Reads the Kdniao push entries the webhook stored in the carrier inbox. */
@Component
public class KdniaoInboxEntryReader implements InboxEntryReader {

    private final KdniaoPushReader reader;

    public KdniaoInboxEntryReader(KdniaoProperties properties) {
        this.reader = new KdniaoPushReader(new KdniaoStateMapping(properties.pickupStates()));
    }

    @Override
    public TrackingUpdate read(InboxEntry entry) throws UnreadableEntryException {
        if (!KdniaoStateMapping.TRACKING_PUSH.equals(entry.requestType())
                && !KdniaoStateMapping.PICKUP_PUSH.equals(entry.requestType())) {
            throw new UnreadableEntryException("Kdniao request type " + entry.requestType() + " is not handled");
        }
        try {
            KdniaoPush.Entry pushed = KdniaoPushReader.readEntry(entry.payload());
            return reader.toUpdate(entry.requestType(), pushed, entry.pushedAt(), entry.receivedAt());
        } catch (KdniaoPushReader.UnreadablePushException e) {
            throw new UnreadableEntryException(e.getMessage());
        }
    }
}
