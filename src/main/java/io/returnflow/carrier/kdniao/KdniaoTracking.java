package io.returnflow.carrier.kdniao;

import java.util.Optional;

import io.returnflow.carrier.inbox.NewInboxEntry;
import io.returnflow.carrier.tracking.TrackingSource;
import io.returnflow.carrier.tracking.TrackingSubscription;
import org.springframework.stereotype.Component;
import io.returnflow.platform.Text;

/**
 * Kdniao as the source of tracking: 1008 subscribes, 1002 queries. A 1002 answer becomes an inbox entry
 * of request type 1002 that looks like the entry of a 101 push: the answer's own fields, with the order
 * code, carrier and return id (CallBack) of the subscription where Kdniao's answer leaves them out. Only
 * the fields a push entry has are kept, written canonically, so an unchanged answer has the same
 * de-duplication key as the one before and is not worked off twice.
 */
@Component
public class KdniaoTracking implements TrackingSource {

    private static final String NO_TRACE = "0";

    private final KdniaoCarrierGateway gateway;

    public KdniaoTracking(KdniaoCarrierGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void subscribe(TrackingSubscription subscription) {
        gateway.subscribe(subscription.carrier(), subscription.waybill(), subscription.orderCode(),
                subscription.returnId());
    }

    @Override
    public Optional<NewInboxEntry> query(TrackingSubscription subscription) {
        KdniaoPush.Entry answer = gateway.queryTracking(subscription.carrier(), subscription.waybill(),
                subscription.orderCode());
        if (answer.traces().isEmpty() && (blank(answer.state()) || NO_TRACE.equals(answer.state().trim()))) {
            // Kdniao knows nothing of the waybill yet ("暂无轨迹信息"): nothing to tell the journey
            return Optional.empty();
        }
        // the keys are ours (the answer is to our question about our waybill): they always fit the inbox
        KdniaoPush.Entry entry = KdniaoPush.Entry.tracking(
                Text.firstNonBlank(subscription.orderCode(), answer.orderCode()),
                Text.firstNonBlank(subscription.carrier(), answer.shipperCode()),
                Text.firstNonBlank(subscription.waybill(), answer.logisticCode()),
                answer.state(), answer.stateEx(), Text.trimToNull(answer.location()),
                Text.firstNonBlank(subscription.returnId(), answer.callBack()), Text.trimToNull(answer.reason()),
                answer.traces());
        String payload = KdniaoJson.canonical(KdniaoJson.MAPPER.valueToTree(entry));
        // keyed like a push entry: the order code, else the waybill, so it queues behind that order's pushes
        String shipmentKey = entry.orderCode() != null ? entry.orderCode() : entry.logisticCode();
        return Optional.of(NewInboxEntry.pending(KdniaoCarrierGateway.QUERY_TRACKING, shipmentKey, entry.callBack(),
                payload, null));
    }



    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
